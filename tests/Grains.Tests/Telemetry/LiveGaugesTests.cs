namespace Engine.Tests.Telemetry;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;
using Engine.Tests.Hosting;
using Engine.Tests.Routing;

/// <summary>The gauges read what live grains published: queue depth and wait, agents by presence, load and capacity,
/// and the census of conversations by status.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveGaugesTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Queue_depth_offered_and_longest_wait_follow_the_partition()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        using var capture = new MeterCapture(s.Tenant, "engine.queue.");
        for (var i = 0; i < 3; i++) await s.NewConversation();
        fixture.Clock.Advance(TimeSpan.FromSeconds(90));

        // Published on the partition's timer (which runs on the fixture's clock), not per change.
        await RoutingScenario.Eventually(() => Task.FromResult(capture.Read("engine.queue.depth") == 3), "depth never reached 3", timeoutMs: 5_000);
        Assert.Equal("general", Assert.Single(capture.Of("engine.queue.depth")).Tag("engine.queue"));
        Assert.Equal(0, capture.Read("engine.queue.offered"));
        Assert.InRange(capture.Read("engine.queue.longest_wait"), 90, 91);

        await s.AddAgent("ann");
        await RoutingScenario.Eventually(async () => (await s.View("ann")).Offers.Count == 3, "ann did not get the three offers");
        Assert.Equal(3, capture.Read("engine.queue.depth")); // not yet published: the timer has not ticked
        // The silo's timers run on the fixture's clock: the next tick comes when it passes the period.
        fixture.Clock.Advance(QueueGrain.GaugesEvery);
        await RoutingScenario.Eventually(() => Task.FromResult(capture.Read("engine.queue.depth") == 0 && capture.Read("engine.queue.offered") == 3),
            "the offers were not published", timeoutMs: 5_000);
    }

    [Fact]
    public async Task Agents_are_counted_by_presence_with_their_load_and_capacity()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        using var capture = new MeterCapture(s.Tenant, "engine.agents");
        await s.AddAgent("ann");
        await s.AddAgent("bob", social: 3, chat: 1, available: false);
        Assert.Null(await s.Agent("bob").SetPresence(Presence.Away, "bob"));

        Assert.Equal(1, capture.Read("engine.agents", "engine.presence", "available"));
        Assert.Equal(1, capture.Read("engine.agents", "engine.presence", "away"));
        Assert.Equal(11, capture.Read("engine.agents.capacity"));
        Assert.Equal(0, capture.Read("engine.agents.load"));

        var id = await s.NewConversation();
        Assert.Null(await s.Agent("ann").Accept((await s.OfferTo("ann", id)).OfferId));
        Assert.Null(await s.Agent("bob").SetPresence(Presence.Offline, "bob"));

        Assert.Equal(1, capture.Read("engine.agents.load"));
        Assert.Equal(1, capture.Read("engine.agents", "engine.presence", "offline"));
        Assert.Equal(0, capture.Read("engine.agents", "engine.presence", "away"));
    }

    [Fact]
    public async Task The_census_counts_conversations_by_status_from_the_store()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        using var capture = new MeterCapture(s.Tenant, "engine.conversations");
        await s.NewConversation();
        var resolved = await s.NewConversation();
        Assert.True((await s.Conversation(resolved).ChangeStatus(s.Tenant, new StatusChange(ConversationStatus.Resolved, "ann", null))).Succeeded);

        await fixture.Client.GetGrain<IConversationCensusGrain>(0).Start();

        Assert.Equal(1, capture.Read("engine.conversations", "engine.status", "open"));
        Assert.Equal(1, capture.Read("engine.conversations", "engine.status", "resolved"));
        Assert.Equal(2, capture.Read("engine.conversations"));
    }
}
