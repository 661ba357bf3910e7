namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Routing;
using Engine.Tests.Hosting;
using Engine.Tests.Telemetry;
using static RoutingScenario;

/// <summary>Offer outcomes and time to assignment reach the engine's meter as routing happens.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OfferMetricsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Accepted_declined_and_withdrawn_offers_are_counted_and_the_accepted_ones_wait_is_measured()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        using var capture = new MeterCapture(s.Tenant, "engine.routing.");
        await s.AddAgent("ann");

        var first = await s.NewConversation();
        var offer = await s.OfferTo("ann", first);
        fixture.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(await s.Agent("ann").Accept(offer.OfferId));

        var second = await s.NewConversation();
        Assert.Null(await s.Agent("ann").Decline((await s.OfferTo("ann", second)).OfferId, "busy"));

        var third = await s.NewConversation();
        await s.OfferTo("ann", third);
        Assert.Null(await s.Agent("ann").SetPresence(Presence.Away, "ann"));

        Assert.Equal(1, capture.Sum("engine.routing.offers", "engine.outcome", OfferMetrics.Accepted));
        Assert.Equal(1, capture.Sum("engine.routing.offers", "engine.outcome", OfferMetrics.Declined));
        Assert.Equal(1, capture.Sum("engine.routing.offers", "engine.outcome", OfferMetrics.Withdrawn));
        Assert.Equal(0, capture.Sum("engine.routing.offers", "engine.outcome", OfferMetrics.TimedOut));
        Assert.All(capture.Of("engine.routing.offers"), m => Assert.Equal("general", m.Tag("engine.queue")));
        var waited = Assert.Single(capture.Of("engine.routing.time_to_assignment"));
        Assert.Equal(3, waited.Value, precision: 3);
        Assert.Equal(("general", "offer"), (waited.Tag("engine.queue"), waited.Tag("engine.assignment.kind")));
    }

    [Fact]
    public async Task An_offer_that_runs_out_is_counted_as_timed_out()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        using var capture = new MeterCapture(s.Tenant, "engine.routing.");
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { OfferTimeout = TimeSpan.FromSeconds(1) });
        await s.AddAgent("ann");
        var id = await s.NewConversation();
        await s.OfferTo("ann", id);

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));

        await Eventually(() => Task.FromResult(capture.Sum("engine.routing.offers", "engine.outcome", OfferMetrics.TimedOut) == 1),
            "the expired offer was not counted");
        Assert.Equal(0, capture.Sum("engine.routing.offers", "engine.outcome", OfferMetrics.Accepted));
        Assert.Empty(capture.Of("engine.routing.time_to_assignment"));
    }

    [Fact]
    public async Task A_supervisors_direct_assignment_of_waiting_work_is_measured_from_entering_the_queue()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        using var capture = new MeterCapture(s.Tenant, "engine.routing.");
        await s.AddAgent("ann", available: false);
        await s.Agent("ann").SetPresence(Presence.Away, "ann");
        var id = await s.NewConversation();
        fixture.Clock.Advance(TimeSpan.FromSeconds(40));

        Assert.Null(await s.Agent("ann").Assign(id, AssignmentKind.Manual, "sue", "vip"));

        var waited = Assert.Single(capture.Of("engine.routing.time_to_assignment"));
        Assert.Equal(40, waited.Value, precision: 3);
        Assert.Equal("manual", waited.Tag("engine.assignment.kind"));
    }
}
