namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;
using Engine.Tests.Hosting;
using Orleans.Core.Internal;
using static RoutingScenario;

/// <summary>A partition keeps nothing only in memory: a new activation reads its entries and open offers from the queue store.</summary>
[Collection(ClusterCollection.Name)]
public sealed class QueuePartitionStorageTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_reactivated_partition_still_holds_its_waiting_conversations_and_times_out_the_offer_it_had_sent()
    {
        var s = new RoutingScenario(fixture.Client, fixture.Clock);
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { OfferTimeout = TimeSpan.FromSeconds(1) });
        await s.AddAgent("ann", social: 1, chat: 0);
        var offered = await s.NewConversation();
        var missed = await s.OfferTo("ann", offered);
        var waiting = await s.NewConversation();
        await Eventually(async () => (await s.Partition("general").Stats()).Waiting == 1, "the second conversation is not waiting");

        await s.Partition("general").Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        var stats = await s.Partition("general").Stats();
        Assert.Equal((1, 1), (stats.Waiting, stats.Offered));
        Assert.Equal(new[] { offered, waiting }.Order(), (await s.Partition("general").Held()).Order());

        // The offer read back from storage still expires, and the conversation goes to the next agent.
        await s.AddAgent("bob", social: 2, chat: 0);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var next = await s.OfferTo("bob", offered);
        Assert.Equal(CommandErrorKind.Conflict, (await s.Agent("ann").Accept(missed.OfferId))!.Kind);
        Assert.Null(await s.Agent("bob").Accept(next.OfferId));
        Assert.Equal("bob", (await s.View(offered)).Assignee);
    }
}
