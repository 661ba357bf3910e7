namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;
using Engine.Tests.Hosting;
using static RoutingScenario;

[Collection(ClusterCollection.Name)]
public sealed class RoutingGrainTests(ClusterFixture fixture)
{
    private RoutingScenario NewScenario() => new(fixture.Client, fixture.Clock);

    [Fact]
    public async Task A_new_conversation_is_offered_to_a_free_agent_and_accepting_assigns_it()
    {
        var s = NewScenario();
        await s.AddAgent("ann");
        var id = await s.NewConversation();

        var offer = await s.OfferTo("ann", id);
        Assert.Null(await s.Agent("ann").Accept(offer.OfferId));

        var view = await s.View(id);
        Assert.Equal("ann", view.Assignee);
        Assert.Null(view.QueueId);
        Assert.Equal(["queued", "assigned"], view.RoutingHistory!.Select(r => r.Kind));
        Assert.Equal(("ann", "offer"), (view.RoutingHistory![1].By, view.RoutingHistory[1].How));
        var agent = await s.View("ann");
        Assert.Equal(id, Assert.Single(agent.Assignments).ConversationId);
        Assert.Empty(agent.Offers);
        Assert.Equal((0, 0, 1L), ((await s.Partition("general").Stats()).Waiting, (await s.Partition("general").Stats()).Offered,
            (await s.Partition("general").Stats()).Assigned));
    }

    [Fact]
    public async Task Accepting_twice_or_someone_elses_offer_is_refused()
    {
        var s = NewScenario();
        await s.AddAgent("ann");
        await s.AddAgent("bob", available: false);
        var id = await s.NewConversation();
        var offer = await s.OfferTo("ann", id);

        Assert.Equal(CommandErrorKind.NotFound, (await s.Agent("bob").Accept(offer.OfferId))!.Kind);
        Assert.Equal(CommandErrorKind.NotFound, (await s.Agent("nobody").Accept(offer.OfferId))!.Kind);
        Assert.Null(await s.Agent("ann").Accept(offer.OfferId));
        Assert.Equal(CommandErrorKind.Conflict, (await s.Agent("ann").Accept(offer.OfferId))!.Kind);
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_next_agent()
    {
        var s = NewScenario();
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { Strategy = RoutingStrategy.RoundRobin });
        await s.AddAgent("ann");
        await s.AddAgent("bob");
        var id = await s.NewConversation();

        var first = await Eventually(async () => (await s.View("ann")).Offers.Concat((await s.View("bob")).Offers).SingleOrDefault(), "no offer");
        var firstAgent = (await s.View("ann")).Offers.Any() ? "ann" : "bob";
        var nextAgent = firstAgent == "ann" ? "bob" : "ann";
        Assert.Null(await s.Agent(firstAgent).Decline(first.OfferId, "not my topic"));

        var second = await s.OfferTo(nextAgent, id);
        Assert.Null(await s.Agent(nextAgent).Accept(second.OfferId));
        Assert.Equal(nextAgent, (await s.View(id)).Assignee);
    }

    [Fact]
    public async Task An_offer_that_times_out_moves_on_and_an_agent_who_misses_too_many_is_set_away()
    {
        var s = NewScenario();
        await s.Routing.SetSettings(TenantRoutingSettings.Default with { MaxMissedOffers = 1 });
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { OfferTimeout = TimeSpan.FromSeconds(1) });
        await s.AddAgent("ann");
        var id = await s.NewConversation();
        var missed = await s.OfferTo("ann", id);
        await s.AddAgent("bob");

        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var next = await s.OfferTo("bob", id);

        var ann = await s.View("ann");
        Assert.Empty(ann.Offers);
        Assert.Equal(Presence.Away, ann.Presence);
        Assert.Equal(CommandErrorKind.Conflict, (await s.Agent("ann").Accept(missed.OfferId))!.Kind);
        Assert.Null(await s.Agent("bob").Accept(next.OfferId));
    }

    [Fact]
    public async Task An_auto_accept_queue_assigns_without_waiting_for_the_agent()
    {
        var s = NewScenario();
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { AutoAccept = true });
        await s.AddAgent("ann");
        var id = await s.NewConversation();

        await Eventually(async () => (await s.View(id)).Assignee == "ann", "never auto-assigned");
        Assert.Equal("autoaccept", (await s.View(id)).RoutingHistory!.Last().How);
        Assert.Single((await s.View("ann")).Assignments);
    }

    [Fact]
    public async Task When_capacity_frees_the_next_waiting_conversation_is_offered_at_once()
    {
        var s = NewScenario();
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { AutoAccept = true });
        await s.AddAgent("ann", social: 1);
        var first = await s.NewConversation();
        await Eventually(async () => (await s.View(first)).Assignee == "ann", "first not assigned");
        var second = await s.NewConversation();
        var position = await Eventually(() => s.Partition("general").Position(second), "second not queued");
        Assert.Equal((1, false), (position.Position, position.Offered));

        await s.Conversation(first).ChangeStatus(s.Tenant, new StatusChange(ConversationStatus.Resolved, "ann"));

        await Eventually(async () => (await s.View(second)).Assignee == "ann", "second not assigned after the first was resolved");
        Assert.Equal(second, Assert.Single((await s.View("ann")).Assignments).ConversationId);
    }

    [Fact]
    public async Task Capacity_is_counted_per_kind_of_work()
    {
        var s = NewScenario();
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { AutoAccept = true });
        await s.AddAgent("ann", social: 0, chat: 1);
        var social = await s.NewConversation(ChannelKind.X);
        var chat = await s.NewConversation(ChannelKind.Webchat);

        await Eventually(async () => (await s.View(chat)).Assignee == "ann", "chat not assigned");
        Assert.Null((await s.View(social)).Assignee);
        Assert.Equal(1, (await s.Partition("general").Stats()).Waiting);
    }

    [Fact]
    public async Task Going_offline_withdraws_offers_at_once_and_returns_assignments_after_the_grace_period()
    {
        var s = NewScenario();
        await s.Routing.SetSettings(TenantRoutingSettings.Default with { OfflineGrace = TimeSpan.FromSeconds(1) });
        await s.AddAgent("ann", social: 1);
        var held = await s.NewConversation();
        Assert.Null(await s.Agent("ann").Accept((await s.OfferTo("ann", held)).OfferId));
        await s.Agent("ann").SetProfile(new AgentProfile("ann", new Dictionary<string, int>(), new Dictionary<WorkKind, int> { [WorkKind.Social] = 2 }, ["general"]));
        var offered = await s.NewConversation();
        await s.OfferTo("ann", offered);

        Assert.Null(await s.Agent("ann").SetPresence(Presence.Offline, "ann"));
        Assert.Empty((await s.View("ann")).Offers);
        Assert.Single((await s.View("ann")).Assignments);

        await s.AddAgent("bob", social: 2);
        await s.OfferTo("bob", offered);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await Eventually(async () => (await s.View("ann")).Assignments.Count == 0, "assignment never returned");
        await s.OfferTo("bob", held);
        var history = (await s.View(held)).RoutingHistory!;
        Assert.Equal(["queued", "assigned", "unassigned", "queued"], history.Select(h => h.Kind));
        Assert.Equal("agent offline past the grace period", history[2].Reason);
    }

    [Fact]
    public async Task A_supervisor_assigns_directly_within_capacity_and_the_queue_lets_go()
    {
        var s = NewScenario();
        // Away agents get no offers, so both conversations wait, but a supervisor may still hand them work.
        await (await s.AddAgent("ann", social: 1, available: false)).SetPresence(Presence.Away, "ann");
        await (await s.AddAgent("bob", social: 1, available: false)).SetPresence(Presence.Away, "bob");
        var offline = await s.AddAgent("olga", available: false);
        Assert.Equal(CommandErrorKind.Conflict, (await offline.Assign(Guid.NewGuid(), AssignmentKind.Manual, "sue", null))!.Kind);
        Assert.Equal(CommandErrorKind.NotFound, (await s.Agent("ghost").Assign(Guid.NewGuid(), AssignmentKind.Manual, "sue", null))!.Kind);
        var id = await s.NewConversation();
        var other = await s.NewConversation();
        await Eventually(async () => (await s.Partition("general").Stats()).Waiting == 2, "not queued");

        Assert.Null(await s.Agent("ann").Assign(id, AssignmentKind.Manual, "sue", "vip customer"));
        var full = await s.Agent("ann").Assign(other, AssignmentKind.Manual, "sue", null);
        Assert.Equal((CommandErrorKind.Conflict, "agentId"), (full!.Kind, full.Field));

        var view = await s.View(id);
        Assert.Equal(("ann", "sue", "vip customer", "manual"), (view.Assignee, view.RoutingHistory!.Last().By, view.RoutingHistory!.Last().Reason, view.RoutingHistory!.Last().How));
        Assert.Equal([other], await s.Partition("general").Held());

        Assert.Null(await s.Agent("bob").Assign(id, AssignmentKind.Transfer, "ann", "billing"));
        Assert.Equal("bob", (await s.View(id)).Assignee);
        await Eventually(async () => (await s.View("ann")).Assignments.Count == 0, "ann still holds the transferred conversation");
    }

    [Fact]
    public async Task Escalation_queues_for_a_higher_tier_and_only_such_an_agent_gets_it()
    {
        var s = NewScenario();
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { AutoAccept = true });
        await s.AddAgent("ann", skills: new() { ["tier"] = 1 });
        var id = await s.NewConversation();
        await Eventually(async () => (await s.View(id)).Assignee == "ann", "not assigned");

        var outcome = await s.Conversation(id).Escalate(s.Tenant, new EscalationRequest(2, null, "ann", "refund over limit"));
        Assert.True(outcome.Succeeded);
        await Eventually(async () => (await s.View("ann")).Assignments.Count == 0, "ann kept it");
        Assert.Null((await s.View(id)).Assignee);

        await s.AddAgent("tess", skills: new() { ["tier"] = 2 });
        await Eventually(async () => (await s.View(id)).Assignee == "tess", "tier 2 agent never got it");
        Assert.Equal(2, (await s.View(id)).Tier);
    }

    [Fact]
    public async Task A_transfer_to_another_queue_is_recorded_and_waits_there()
    {
        var s = NewScenario();
        await s.AddAgent("ann", queues: ["general"], available: false);
        var id = await s.NewConversation();
        await Eventually(async () => (await s.Partition("general").Held()).Contains(id), "not queued");

        var outcome = await s.Conversation(id).Requeue(s.Tenant, new RequeueRequest("billing", "sue", "billing question"));
        Assert.True(outcome.Succeeded);

        Assert.Empty(await s.Partition("general").Held());
        Assert.Equal([id], await s.Partition("billing").Held());
        var last = (await s.View(id)).RoutingHistory!.Last();
        Assert.Equal(("queued", "billing", "sue", "billing question"), (last.Kind, last.QueueId, last.By, last.Reason));
    }
}
