namespace Engine.Tests.Approval;

using Engine.Agents;
using Engine.Approval;
using Engine.Conversations;
using Engine.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Vetting on a running cluster: the tenant's policy, drafts held by the conversation, the reviewers' queue, and
/// "nothing unapproved is delivered" under concurrent reviewers and agents.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ApprovalGrainTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"t{Guid.NewGuid():N}"[..12];
    private IInboundGrain Inbound => fixture.Client.GetGrain<IInboundGrain>(0);
    private IApprovalQueueGrain Queue => fixture.Client.GetGrain<IApprovalQueueGrain>(_tenant);

    private InboundMessage Message(string id, string? threadKey = null, Visibility visibility = Visibility.Public) => new(
        _tenant, ChannelKind.X, visibility, id, new MessageAuthor(AuthorKind.Customer, "x:555"), $"text {id}",
        fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), threadKey);

    /// <summary>A customer's public tweet (thread 1) and DM (thread 2) in one conversation, under a policy.</summary>
    private async Task<IConversationGrain> Conversation(params ApprovalRule[] rules)
    {
        await fixture.Client.GetGrain<ITenantApprovalGrain>(_tenant).SetPolicy(new ApprovalPolicy(rules));
        var mention = await Inbound.Accept(Message("p1"));
        var dm = await Inbound.Accept(Message("dm1", "dm-x-555", Visibility.Private));
        Assert.Equal(mention.ConversationId, dm.ConversationId);
        return fixture.Client.GetGrain<IConversationGrain>(mention.ConversationId);
    }

    private async Task<ConversationView> View(IConversationGrain grain) =>
        await grain.Get(_tenant) ?? throw new Xunit.Sdk.XunitException("missing");

    [Fact]
    public async Task A_public_reply_is_held_and_listed_for_reviewers_while_a_private_reply_flows_directly()
    {
        var grain = await Conversation(new ApprovalRule("public", Visibility.Public));

        var held = await grain.Reply(_tenant, new AgentReply(1, "agent-1", "Sorry! Please DM us."));
        var sent = await grain.Reply(_tenant, new AgentReply(2, "agent-1", "Got your order number, checking."));

        Assert.True(held.Held);
        Assert.False(sent.Held);
        var view = await View(grain);
        Assert.DoesNotContain(view.Threads[0].Messages, m => m.Direction == MessageDirection.Outbound);
        Assert.Single(view.Threads[1].Messages, m => m.Direction == MessageDirection.Outbound && m.ApprovedBy is null);
        var listed = Assert.Single(await Queue.Pending(null, 50));
        Assert.Equal((grain.GetPrimaryKey(), Guid.Parse(held.CreatedId!), "public: public"), (listed.ConversationId, listed.DraftId, listed.Reasons[0]));
    }

    [Fact]
    public async Task Approving_sends_the_text_with_the_approver_and_empties_the_queue_and_rejecting_leaves_the_comment()
    {
        var grain = await Conversation(new ApprovalRule("public", Visibility.Public, Reviewers: ["comms-1"]));
        var first = Guid.Parse((await grain.Reply(_tenant, new AgentReply(1, "agent-1", "draft one"))).CreatedId!);
        var second = Guid.Parse((await grain.Reply(_tenant, new AgentReply(1, "agent-1", "draft two"))).CreatedId!);
        Assert.Empty(await Queue.Pending("comms-2", 50));
        Assert.Equal(2, (await Queue.Pending("comms-1", 50)).Count);

        var approved = await grain.ApproveDraft(_tenant, new DraftApproval(first, "comms-1", "draft one, edited"));
        var rejected = await grain.RejectDraft(_tenant, new DraftRejection(second, "comms-1", "tone"));

        Assert.True(approved.Succeeded && rejected.Succeeded);
        Assert.Empty(await Queue.Pending(null, 50));
        var view = await View(grain);
        var message = Assert.Single(view.Threads[0].Messages, m => m.Direction == MessageDirection.Outbound);
        Assert.Equal(("draft one, edited", "comms-1", approved.CreatedId), (message.Text, message.ApprovedBy, message.PlatformMessageId));
        Assert.Equal(["approved", "rejected"], view.Drafts!.Select(d => d.Status));
        Assert.Equal("tone", view.Drafts![1].Comment);
    }

    [Fact]
    public async Task An_agent_group_rule_holds_replies_of_agents_in_that_group_only()
    {
        var grain = await Conversation(new ApprovalRule("trainees", AgentGroups: ["trainees"]));
        await fixture.Client.GetGrain<IAgentGrain>(AgentKeys.Agent(_tenant, "new-hire")).SetProfile(new AgentProfile("new",
            new Dictionary<string, int> { ["group:trainees"] = 1 }, new Dictionary<WorkKind, int> { [WorkKind.Social] = 1 }, ["general"]));

        Assert.True((await grain.Reply(_tenant, new AgentReply(2, "new-hire", "hi"))).Held);
        Assert.False((await grain.Reply(_tenant, new AgentReply(2, "veteran", "hi"))).Held);
    }

    [Fact]
    public async Task Under_concurrent_reviewers_and_agents_every_sent_public_reply_was_approved_and_no_draft_is_decided_twice()
    {
        var grain = await Conversation(new ApprovalRule("public", Visibility.Public));
        var drafts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => grain.Reply(_tenant, new AgentReply(1, $"agent-{i % 4}", $"public draft {i}"))));
        Assert.All(drafts, d => Assert.True(d.Held));
        var ids = drafts.Select(d => Guid.Parse(d.CreatedId!)).ToArray();

        // Three different decisions race on each draft (each sent twice), while agents keep replying on both threads.
        var decisions = ids.SelectMany((id, i) => new[]
        {
            ("approve", id, grain.ApproveDraft(_tenant, new DraftApproval(id, "rev-1"))),
            ("approve", id, grain.ApproveDraft(_tenant, new DraftApproval(id, "rev-1"))),
            ("edit", id, grain.ApproveDraft(_tenant, new DraftApproval(id, "rev-2", $"edited {i}"))),
            ("edit", id, grain.ApproveDraft(_tenant, new DraftApproval(id, "rev-2", $"edited {i}"))),
            ("reject", id, grain.RejectDraft(_tenant, new DraftRejection(id, "rev-3", $"no {i}"))),
            ("reject", id, grain.RejectDraft(_tenant, new DraftRejection(id, "rev-3", $"no {i}"))),
        }).ToList();
        var moreReplies = Enumerable.Range(0, 10).Select(i => grain.Reply(_tenant, new AgentReply(i < 6 ? 1 : 2, "agent-9", $"later {i}"))).ToList();
        await Task.WhenAll(decisions.Select(d => d.Item3).Concat(moreReplies));

        foreach (var group in decisions.GroupBy(d => d.Item2))
        {
            var won = group.Where(d => d.Item3.Result.Succeeded).Select(d => d.Item1).Distinct().ToList();
            Assert.Single(won);
            Assert.All(group.Where(d => d.Item1 != won[0]), d => Assert.Equal(CommandErrorKind.Conflict, d.Item3.Result.Error?.Kind));
        }
        var later = moreReplies.Select(r => r.Result).ToList();
        Assert.Equal(6, later.Count(r => r.Held));
        await Task.WhenAll(later.Where(r => r.Held).Select(r => grain.ApproveDraft(_tenant, new DraftApproval(Guid.Parse(r.CreatedId!), "rev-1"))));

        // The log itself: an agent's public message exists only right after the approval that sent it, with its text.
        var store = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IConversationStore>();
        var log = await store.Load(grain.GetPrimaryKey(), CancellationToken.None);
        Assert.Null(log.Snapshot);
        var approvals = new Dictionary<string, DraftApproved>();
        var decided = new List<Guid>();
        foreach (var e in log.Events)
        {
            if (e is DraftApproved a) { approvals[a.MessageId] = a; decided.Add(a.DraftId); }
            if (e is DraftRejected r) decided.Add(r.DraftId);
            if (e is MessageAdded { Author.Kind: AuthorKind.Agent } m)
            {
                if (m.ThreadId == 2) { Assert.Null(m.ApprovedBy); continue; }
                Assert.True(approvals.TryGetValue(m.PlatformMessageId, out var approval), $"public message '{m.Text}' was never approved");
                Assert.Equal((approval.TextAfter, approval.ReviewerId), (m.Text, m.ApprovedBy));
            }
        }
        Assert.Equal(decided.Count, decided.Distinct().Count());
        Assert.Equal(18, decided.Count);
        Assert.Empty(await Queue.Pending(null, 50));
    }

    [Fact]
    public async Task A_held_invitation_hands_off_and_registers_its_case_reference_only_when_approved()
    {
        var grain = await Conversation(new ApprovalRule("public", Visibility.Public));
        var reference = fixture.Client.GetGrain<ICaseReferenceGrain>(CaseReferences.Key(_tenant, "CASE-77"));

        var held = await grain.InvitePrivate(_tenant, new PrivateInvite(1, "agent-1", "Please DM us with CASE-77", ChannelKind.X, "CASE-77"));
        Assert.True(held.Held);
        Assert.Null(await reference.Conversation());
        Assert.Empty((await View(grain)).PrivateInvites!);

        Assert.True((await grain.ApproveDraft(_tenant, new DraftApproval(Guid.Parse(held.CreatedId!), "rev-1"))).Succeeded);
        Assert.Equal(grain.GetPrimaryKey(), await reference.Conversation());
        Assert.Single((await View(grain)).PrivateInvites!);
    }

    [Fact]
    public async Task A_drafts_queue_entry_lost_is_reported_again_when_the_conversation_is_next_activated()
    {
        var grain = await Conversation(new ApprovalRule("public", Visibility.Public));
        var held = await grain.Reply(_tenant, new AgentReply(1, "agent-1", "held"));
        // The index loses the entry (as if the report died with a silo).
        await Queue.Update(grain.GetPrimaryKey(), long.MaxValue, []);
        Assert.Empty(await Queue.Pending(null, 50));

        await fixture.Cluster.DeactivateAsync(grain);
        await grain.Get(_tenant);

        await Eventually.TrueAsync(async () =>
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            return (await Queue.Pending(null, 50)).Any(d => d.DraftId == Guid.Parse(held.CreatedId!));
        }, TimeSpan.FromSeconds(15), "the reactivated conversation did not report its pending draft");
    }

    [Fact]
    public async Task The_drafts_queue_ignores_a_report_older_than_the_one_it_has()
    {
        var conversation = Guid.NewGuid();
        var draft = new PendingDraft(conversation, Guid.NewGuid(), DraftKind.Reply, 1, ChannelKind.X, Visibility.Public, "a", "t", ["r"], [],
            fixture.Clock.GetUtcNow());

        await Queue.Update(conversation, 5, [draft]);
        await Queue.Update(conversation, 4, []);
        Assert.Single(await Queue.Pending(null, 50));

        await Queue.Update(conversation, 6, []);
        Assert.Empty(await Queue.Pending(null, 50));
    }
}
