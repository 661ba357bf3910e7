namespace Engine.Tests.Conversations;

using Engine.Approval;
using Engine.Conversations;
using Engine.Tests.Hosting;
using Engine.Tests.Telemetry;

/// <summary>Brand-wait responses and approval decisions reach the engine's meter when they are committed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationMetricsTests(ClusterFixture fixture)
{
    private readonly string _tenant = $"cm{Guid.NewGuid():N}"[..12];

    private async Task<IngestOutcome> Customer(string id) => await fixture.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(
        _tenant, ChannelKind.X, Visibility.Public, id, new MessageAuthor(AuthorKind.Customer, "x:77"), $"text {id}",
        fixture.Clock.GetUtcNow(), fixture.Clock.GetUtcNow(), ThreadKey: "thread-77"));

    [Fact]
    public async Task The_first_and_each_next_answer_record_the_wait_they_end_and_a_second_answer_records_nothing()
    {
        using var capture = new MeterCapture(_tenant, "engine.response.");
        var start = await Customer("c1");
        var grain = fixture.Client.GetGrain<IConversationGrain>(start.ConversationId);
        fixture.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.True((await grain.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "hi"))).Succeeded);
        Assert.True((await grain.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "anything else?"))).Succeeded);

        fixture.Clock.Advance(TimeSpan.FromSeconds(10));
        await Customer("c2");
        fixture.Clock.Advance(TimeSpan.FromSeconds(5));
        await Customer("c3");
        fixture.Clock.Advance(TimeSpan.FromSeconds(25));
        await Customer("c2"); // a redelivery stores nothing and records nothing
        Assert.True((await grain.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "done"))).Succeeded);

        var first = Assert.Single(capture.Of("engine.response.first"));
        Assert.Equal(60, first.Value, precision: 3);
        Assert.Equal(("x", "public"), (first.Tag("engine.channel"), first.Tag("engine.visibility")));
        // The next wait runs from the first unanswered customer message (c2), not the last one.
        Assert.Equal(30, Assert.Single(capture.Of("engine.response.next")).Value, precision: 3);
    }

    [Fact]
    public async Task Held_approved_and_rejected_drafts_are_counted_and_the_decisions_wait_is_measured()
    {
        using var capture = new MeterCapture(_tenant, "engine.approval.");
        await fixture.Client.GetGrain<ITenantApprovalGrain>(_tenant).SetPolicy(new ApprovalPolicy([new ApprovalRule("public", Visibility.Public)]));
        var start = await Customer("a1");
        var grain = fixture.Client.GetGrain<IConversationGrain>(start.ConversationId);
        var approveMe = Guid.Parse((await grain.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "one"))).CreatedId!);
        var rejectMe = Guid.Parse((await grain.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "two"))).CreatedId!);

        fixture.Clock.Advance(TimeSpan.FromSeconds(120));
        Assert.True((await grain.ApproveDraft(_tenant, new DraftApproval(approveMe, "rev-1", "one"))).Succeeded);
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await grain.RejectDraft(_tenant, new DraftRejection(rejectMe, "rev-1", "tone"))).Succeeded);
        Assert.False((await grain.RejectDraft(_tenant, new DraftRejection(rejectMe, "rev-1", "again"))).Succeeded);

        Assert.Equal(2, capture.Sum("engine.approval.drafts", "engine.outcome", "held"));
        Assert.Equal(1, capture.Sum("engine.approval.drafts", "engine.outcome", "approved"));
        Assert.Equal(1, capture.Sum("engine.approval.drafts", "engine.outcome", "rejected"));
        var waits = capture.Of("engine.approval.wait").Select(w => (w.Tag("engine.outcome"), w.Value)).OrderBy(w => w.Value).ToList();
        Assert.Equal([("approved", 120.0), ("rejected", 150.0)], waits);
    }
}
