namespace Engine.Tests.Conversations;

using Engine.Conversations;
using Engine.Customers;
using Engine.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class ConversationGrainTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"t{Guid.NewGuid():N}"[..12];
    private IInboundGrain Inbound => fixture.Client.GetGrain<IInboundGrain>(0);

    private InboundMessage Message(string id, string author = "x:100", AuthorKind kind = AuthorKind.Customer,
        string? parent = null, string? threadKey = null, Visibility visibility = Visibility.Public,
        ChannelKind channel = ChannelKind.X, int minute = 0) => new(
        _tenant, channel, visibility, id, new MessageAuthor(kind, author), $"text {id}",
        fixture.Clock.GetUtcNow().AddMinutes(minute), fixture.Clock.GetUtcNow(), threadKey, parent);

    private async Task<ConversationView> View(Guid id) =>
        await fixture.Client.GetGrain<IConversationGrain>(id).Get(_tenant) ?? throw new Xunit.Sdk.XunitException("missing");

    [Fact]
    public async Task A_redelivered_message_is_stored_once_and_answers_duplicate_with_the_same_conversation()
    {
        var first = await Inbound.Accept(Message("m1"));
        var second = await Inbound.Accept(Message("m1"));

        Assert.Equal(IngestStatus.Accepted, first.Status);
        Assert.True(first.ConversationCreated);
        Assert.Equal(IngestStatus.Duplicate, second.Status);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Single((await View(first.ConversationId)).Threads.Single().Messages);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_message_store_it_exactly_once()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Inbound.Accept(Message("burst"))));

        Assert.Single(outcomes, o => o.Status == IngestStatus.Accepted);
        Assert.Single(outcomes.Select(o => o.ConversationId).Distinct());
        Assert.Single((await View(outcomes[0].ConversationId)).Threads.Single().Messages);
    }

    [Fact]
    public async Task A_reply_to_a_known_message_joins_its_conversation_and_thread()
    {
        var root = await Inbound.Accept(Message("r1"));
        var reply = await Inbound.Accept(Message("r2", "x:brand", AuthorKind.Agent, parent: "r1", minute: 5));
        var again = await Inbound.Accept(Message("r3", parent: "r2", minute: 9));

        Assert.Equal(root.ConversationId, reply.ConversationId);
        Assert.Equal(root.ConversationId, again.ConversationId);
        var thread = (await View(root.ConversationId)).Threads.Single();
        Assert.Equal(["r1", "r2", "r3"], thread.Messages.Select(m => m.PlatformMessageId));
        Assert.Equal(TimeSpan.FromMinutes(5), thread.Clock.FirstResponse);
    }

    [Fact]
    public async Task A_reply_that_arrives_before_its_parent_is_placed_after_it_once_the_parent_arrives()
    {
        var reply = await Inbound.Accept(Message("o2", "x:brand", AuthorKind.Agent, parent: "o1", threadKey: "o1", minute: 5));
        var parent = await Inbound.Accept(Message("o1", threadKey: "o1"));

        Assert.Equal(reply.ConversationId, parent.ConversationId);
        var view = await View(parent.ConversationId);
        Assert.Equal(["o1", "o2"], view.Threads.Single().Messages.Select(m => m.PlatformMessageId));
        Assert.Equal(ConversationStatus.Pending, view.Status);
    }

    [Fact]
    public async Task A_private_message_from_a_customer_with_an_open_public_case_joins_it_as_a_private_thread()
    {
        var mention = await Inbound.Accept(Message("p1", "x:555"));
        await Inbound.Accept(Message("p2", "x:brand", AuthorKind.Agent, parent: "p1", minute: 2));
        var dm = await Inbound.Accept(Message("dm1", "x:555", threadKey: "dm-x-555", visibility: Visibility.Private, minute: 10));

        Assert.Equal(mention.ConversationId, dm.ConversationId);
        Assert.False(dm.ConversationCreated);
        var view = await View(mention.ConversationId);
        Assert.Equal([Visibility.Public, Visibility.Private], view.Threads.Select(t => t.Visibility));
        Assert.Equal(ConversationStatus.Open, view.Status);
    }

    [Fact]
    public async Task A_public_post_from_the_same_customer_on_a_new_thread_starts_its_own_conversation()
    {
        var first = await Inbound.Accept(Message("n1", "x:777"));
        var second = await Inbound.Accept(Message("n2", "x:777", minute: 1));
        Assert.NotEqual(first.ConversationId, second.ConversationId);
        Assert.True(second.ConversationCreated);
    }

    [Fact]
    public async Task A_resolved_conversation_reopens_within_the_window_and_after_it_a_new_linked_one_starts()
    {
        var first = await Inbound.Accept(Message("w1", "x:888", threadKey: "w"));
        var grain = fixture.Client.GetGrain<IConversationGrain>(first.ConversationId);
        Resolve resolve = () => grain.ChangeStatus(_tenant, new StatusChange(ConversationStatus.Resolved, "agent-1", "done"));

        Assert.True((await resolve()).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromDays(6));
        var within = await Inbound.Accept(Message("w2", "x:888", threadKey: "w"));
        Assert.Equal(first.ConversationId, within.ConversationId);
        Assert.Equal(ConversationStatus.Open, (await View(first.ConversationId)).Status);

        Assert.True((await resolve()).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromDays(8));
        var after = await Inbound.Accept(Message("w3", "x:888", threadKey: "w"));
        Assert.NotEqual(first.ConversationId, after.ConversationId);
        Assert.True(after.ConversationCreated);
        Assert.Equal(first.ConversationId, (await View(after.ConversationId)).LinkedFrom);
        Assert.Equal(ConversationStatus.Resolved, (await View(first.ConversationId)).Status);
        Assert.Equal(IngestStatus.Duplicate, (await Inbound.Accept(Message("w1", "x:888", threadKey: "w"))).Status);
    }

    [Fact]
    public async Task A_thread_moved_on_by_another_silo_takes_even_a_brand_message_to_its_new_conversation()
    {
        var first = await Inbound.Accept(Message("mv1", "x:889", threadKey: "mv"));
        var old = fixture.Client.GetGrain<IConversationGrain>(first.ConversationId);
        Assert.True((await old.ChangeStatus(_tenant, new StatusChange(ConversationStatus.Resolved, "agent-1", "done"))).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromDays(8));

        // Another silo's inbound grain met the refusal and moved the thread; this silo still keeps the old route.
        var directory = fixture.Client.GetGrain<IThreadDirectoryGrain>(ConversationKeys.Thread(_tenant, ChannelKind.X, "mv"));
        var moved = await directory.StartOver(first.ConversationId, Message("mv2", "x:889", threadKey: "mv"));
        Assert.NotEqual(first.ConversationId, moved.ConversationId);

        // A brand message is not refused as past reopening, so only the recorded move keeps it out of the old one.
        var reply = await Inbound.Accept(Message("mv3", "x:brand", AuthorKind.Agent, threadKey: "mv", minute: 1));
        Assert.Equal(moved.ConversationId, reply.ConversationId);
        Assert.DoesNotContain((await View(first.ConversationId)).Threads.Single().Messages, m => m.PlatformMessageId == "mv3");

        // Reopened by hand, the old conversation still leaves the thread where it went.
        Assert.True((await old.ChangeStatus(_tenant, new StatusChange(ConversationStatus.Open, "agent-1", "again"))).Succeeded);
        Assert.Equal(moved.ConversationId, (await Inbound.Accept(Message("mv4", "x:889", threadKey: "mv", minute: 2))).ConversationId);
        Assert.Equal(IngestStatus.Duplicate, (await Inbound.Accept(Message("mv1", "x:889", threadKey: "mv"))).Status);
    }

    private delegate Task<CommandOutcome> Resolve();

    [Fact]
    public async Task Replies_notes_and_status_changes_are_recorded_and_replying_makes_it_pending()
    {
        var start = await Inbound.Accept(Message("c1"));
        var grain = fixture.Client.GetGrain<IConversationGrain>(start.ConversationId);

        var reply = await grain.Reply(_tenant, new AgentReply(start.ThreadId, "agent-7", "We're on it", "k1"));
        var note = await grain.AddNote(_tenant, new InternalNote("agent-7", "VIP customer"));
        var status = await grain.ChangeStatus(_tenant, new StatusChange(ConversationStatus.Snoozed, "agent-7", "waiting on logistics"));

        Assert.True(reply.Succeeded && note.Succeeded && status.Succeeded);
        var view = await View(start.ConversationId);
        Assert.Equal(ConversationStatus.Snoozed, view.Status);
        Assert.Equal(["c1", reply.CreatedId], view.Threads.Single().Messages.Select(m => m.PlatformMessageId));
        Assert.Equal(MessageDirection.Outbound, view.Threads.Single().Messages[1].Direction);
        Assert.Equal("VIP customer", Assert.Single(view.Notes).Text);
        Assert.Equal([ConversationStatus.Pending, ConversationStatus.Snoozed], view.StatusHistory.Select(s => s.To));
    }

    [Fact]
    public async Task Another_tenant_cannot_read_or_change_a_conversation()
    {
        var start = await Inbound.Accept(Message("iso1"));
        var grain = fixture.Client.GetGrain<IConversationGrain>(start.ConversationId);

        Assert.Null(await grain.Get("other-tenant"));
        Assert.Equal(CommandErrorKind.NotFound, (await grain.Reply("other-tenant", new AgentReply(1, "a", "x"))).Error?.Kind);
        Assert.Equal(CommandErrorKind.NotFound, (await grain.AddNote("other-tenant", new InternalNote("a", "x"))).Error?.Kind);
        Assert.Equal(CommandErrorKind.NotFound, (await grain.ChangeStatus("other-tenant", new StatusChange(ConversationStatus.Closed, "a"))).Error?.Kind);
        Assert.Single((await View(start.ConversationId)).Threads.Single().Messages);
    }

    [Fact]
    public async Task The_tenant_list_filters_by_status_and_channel_and_pages_without_gaps()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await Inbound.Accept(Message($"l{i}", $"x:9{i}", channel: i % 2 == 0 ? ChannelKind.X : ChannelKind.Facebook))).ConversationId);
        }

        var seen = new List<Guid>();
        ListCursor? cursor = null;
        do
        {
            var page = await fixture.Client.GetGrain<IConversationListGrain>(0).List(_tenant, new ConversationQuery(Limit: 3, After: cursor));
            seen.AddRange(page.Items.Select(c => c.Id));
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(Enumerable.Reverse(ids), seen);
        var facebook = await fixture.Client.GetGrain<IConversationListGrain>(0).List(_tenant, new ConversationQuery(Channel: ChannelKind.Facebook));
        Assert.Equal(3, facebook.Items.Count);
        var pending = await fixture.Client.GetGrain<IConversationListGrain>(0).List(_tenant, new ConversationQuery(Status: ConversationStatus.Pending));
        Assert.Empty(pending.Items);
    }

    [Fact]
    public async Task A_customer_tracks_its_identity_and_its_active_conversations()
    {
        var start = await Inbound.Accept(Message("cu1", "x:4242"));
        var customerId = await fixture.Client.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(_tenant, "x:4242")).CustomerId();
        var customer = await fixture.Client.GetGrain<ICustomerGrain>(CustomerKeys.Customer(_tenant, customerId)).Get();

        Assert.Equal(["x:4242"], customer.Identities);
        Assert.Equal([start.ConversationId], customer.ActiveConversations);
        Assert.Equal(customerId, (await View(start.ConversationId)).CustomerId);
    }
}
