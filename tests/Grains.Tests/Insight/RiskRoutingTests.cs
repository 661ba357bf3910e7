namespace Engine.Tests.Insight;

using Engine.Conversations;
using Engine.Insight;
using Engine.Tests.Hosting;
using Engine.Tests.Routing;
using static Engine.Tests.Routing.RoutingScenario;

/// <summary>Risk scored at ingest sets the priority routing orders its queues by.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RiskRoutingTests(ClusterFixture fixture)
{
    private const string LegalThreat = "This is the worst service ever. My lawyer will be in touch.";

    private async Task<Guid> Message(RoutingScenario s, string postId, string text, AuthorInfluence? influence = null, string? threadKey = null)
    {
        var now = fixture.Clock.GetUtcNow();
        var outcome = await fixture.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(s.Tenant, ChannelKind.X, Visibility.Public,
            postId, new MessageAuthor(AuthorKind.Customer, $"x:{threadKey ?? postId}"), text, now, now, threadKey ?? postId, Influence: influence));
        return outcome.ConversationId;
    }

    [Fact]
    public async Task Of_two_conversations_waiting_in_one_queue_the_riskier_is_offered_first_though_it_came_later()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        var calm = await Message(s, "calm", "Hi, where can I find my invoice?");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var risky = await Message(s, "risky", LegalThreat, new AuthorInfluence(120_000, Verified: true));

        var view = await s.View(risky);
        Assert.Equal(Priority.Urgent, view.Priority);
        Assert.Contains("'lawyer'", view.Risk!.Summary);
        Assert.Contains("verified author 120k followers", view.Risk.Summary);
        Assert.Equal(view.Risk, view.Threads[0].Messages[0].Risk);
        Assert.True((await s.View(calm)).Priority < Priority.High);

        // Both wait in the queue (the hand-off to it is not awaited by ingest) before an agent is there to take one.
        await Eventually(async () => await s.Partition("general").Position(calm) is not null
            && await s.Partition("general").Position(risky) is not null, "a conversation never reached its queue");

        // One agent with room for one conversation: it gets the riskier one.
        await s.AddAgent("ann", social: 1);
        var offer = await Eventually(async () => (await s.View("ann")).Offers.SingleOrDefault(), "ann got no offer");
        Assert.Equal(risky, offer.ConversationId);
    }

    [Fact]
    public async Task A_risky_follow_up_moves_a_waiting_conversation_ahead_in_its_queue()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        var first = await Message(s, "a1", "Hi, where can I find my invoice?", threadKey: "a");
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await Message(s, "b1", "Hello, a question about my plan", threadKey: "b");
        Assert.Equal(2, (await s.Partition("general").Position(second))!.Position);

        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(second, await Message(s, "b2", LegalThreat, threadKey: "b"));

        // The raised priority replaces the ticket, so the queue now orders it first.
        await Eventually(async () => (await s.Partition("general").Position(second))?.Position == 1, "the risky conversation never moved ahead");
        Assert.Equal(2, (await s.Partition("general").Position(first))!.Position);
    }
}
