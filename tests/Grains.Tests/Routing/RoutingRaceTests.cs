namespace Engine.Tests.Routing;

using System.Collections.Concurrent;
using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;
using Engine.Tests.Hosting;
using Xunit.Abstractions;

/// <summary>
/// Hundreds of conversations and dozens of agents racing on three silos: accepts, declines, timeouts, presence
/// flips, resolutions, supervisor assignments and transfers. At the end every agent and conversation is read back
/// and the invariants are checked: no conversation held by two agents, no agent past its capacity, and every
/// active conversation either assigned or waiting in exactly one queue partition.
/// </summary>
[Collection(MultiSiloCollection.Name)]
public sealed class RoutingRaceTests(MultiSiloClusterFixture fixture, ITestOutputHelper output)
{
    private const int Agents = 36;
    private const int Conversations = 300;
    private const int SocialCapacity = 3;
    private const int ChatCapacity = 1;
    private static readonly TimeSpan MinChaos = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan MaxChaos = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Racing_agents_and_conversations_end_with_no_double_assignment_no_overbooking_and_nothing_lost()
    {
        var s = new RoutingScenario(fixture.Client, TimeProvider.System);
        await s.Routing.SetSettings(new TenantRoutingSettings("general", TimeSpan.FromSeconds(1), MaxMissedOffers: 2));
        await s.Routing.DefineQueue(QueueDefinition.Default("general") with { Partitions = 4, OfferTimeout = TimeSpan.FromSeconds(1) });
        await s.Routing.DefineQueue(QueueDefinition.Default("billing") with { Partitions = 2, OfferTimeout = TimeSpan.FromSeconds(1), Strategy = RoutingStrategy.RoundRobin });
        var agentIds = Enumerable.Range(0, Agents).Select(i => $"agent{i:D2}").ToList();
        await Task.WhenAll(agentIds.Select(id => s.AddAgent(id, SocialCapacity, ChatCapacity, ["general", "billing"])));

        var conversations = new ConcurrentBag<Guid>();
        var counts = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var agents = agentIds.Select((id, i) => RunAgent(s, id, new Random(i), counts, stop.Token)).ToList();
        var supervisor = RunSupervisor(s, agentIds, conversations, new Random(99), counts, stop.Token);
        await Task.WhenAll(Enumerable.Range(0, Conversations).Select(async i =>
            conversations.Add(await s.NewConversation(i % 5 == 0 ? ChannelKind.Webchat : ChannelKind.X))));

        // The race runs for a while and until enough offers were answered, however slow a shared machine is.
        var started = Environment.TickCount64;
        while (Environment.TickCount64 - started < MaxChaos.TotalMilliseconds
               && (Environment.TickCount64 - started < MinChaos.TotalMilliseconds || counts.GetValueOrDefault("accepted") < 150))
            await Task.Delay(100);
        await stop.CancelAsync();
        await Task.WhenAll([.. agents, supervisor]);
        output.WriteLine(string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));

        // Calm down: nobody takes new offers, so pending offers end and the one-way news settles.
        await Task.WhenAll(agentIds.Select(id => s.Agent(id).SetPresence(Presence.Away, "test")));
        var violations = await RoutingScenario.Eventually(async () =>
        {
            var found = await Violations(s, agentIds, conversations.ToList());
            return found.Count == 0 ? found : null;
        }, "invariants never held", timeoutMs: 20_000).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        var final = violations ?? await Violations(s, agentIds, conversations.ToList());
        Assert.True(final.Count == 0, string.Join("\n", final.Take(20)));
        Assert.Equal(Conversations, conversations.Count);
        var views = await Task.WhenAll(conversations.Select(s.View));
        var (assigned, waiting, resolved) = (views.Count(v => v.Assignee is not null && v.Status != ConversationStatus.Resolved),
            views.Count(v => v.QueueId is not null), views.Count(v => v.Status == ConversationStatus.Resolved));
        output.WriteLine($"end: {assigned} assigned, {waiting} waiting, {resolved} resolved");
        Assert.Equal(Conversations, assigned + waiting + resolved);
        Assert.True(assigned > 0 && waiting > 0 && resolved > 0, "the race should end with work in every state");
        Assert.True(counts.GetValueOrDefault("accepted") > 50, "too few accepted offers to prove anything");
        Assert.True(counts.GetValueOrDefault("timedOut") + counts.GetValueOrDefault("declined") > 10, "too few declines and timeouts");
    }

    private static async Task RunAgent(RoutingScenario s, string id, Random random, ConcurrentDictionary<string, int> counts, CancellationToken stop)
    {
        var agent = s.Agent(id);
        while (!stop.IsCancellationRequested)
        {
            var view = await s.View(id);
            foreach (var offer in view.Offers)
            {
                var roll = random.Next(100);
                if (roll < 60) Count(counts, await agent.Accept(offer.OfferId) is null ? "accepted" : "acceptRefused");
                else if (roll < 80) Count(counts, await agent.Decline(offer.OfferId, "race") is null ? "declined" : "declineRefused");
                else Count(counts, "timedOut");
            }
            foreach (var assignment in view.Assignments.Where(_ => random.Next(1000) < 7))
            {
                await s.Conversation(assignment.ConversationId).ChangeStatus(s.Tenant, new StatusChange(ConversationStatus.Resolved, id));
                Count(counts, "resolved");
            }
            var flip = random.Next(100);
            if (flip < 4) await agent.SetPresence(Presence.Offline, id);
            else if (flip < 7) await agent.SetPresence(Presence.Busy, id);
            else if (view.Presence != Presence.Available && flip < 60) await agent.SetPresence(Presence.Available, id);
            await Task.Delay(random.Next(20, 120));
        }
    }

    private static async Task RunSupervisor(RoutingScenario s, List<string> agents, ConcurrentBag<Guid> conversations, Random random,
        ConcurrentDictionary<string, int> counts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var all = conversations.ToArray();
            if (all.Length > 0)
            {
                var id = all[random.Next(all.Length)];
                var agent = agents[random.Next(agents.Count)];
                switch (random.Next(3))
                {
                    case 0: Count(counts, await s.Agent(agent).Assign(id, AssignmentKind.Manual, "sue", "race") is null ? "manual" : "manualRefused"); break;
                    case 1: Count(counts, await s.Agent(agent).Assign(id, AssignmentKind.Transfer, "sue", "race") is null ? "transfer" : "transferRefused"); break;
                    default: Count(counts, (await s.Conversation(id).Requeue(s.Tenant, new RequeueRequest("billing", "sue", "race"))).Succeeded ? "toBilling" : "toBillingRefused"); break;
                }
            }
            await Task.Delay(random.Next(5, 25));
        }
    }

    private static void Count(ConcurrentDictionary<string, int> counts, string what) => counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    /// <summary>Reads every agent, conversation and queue partition and lists what breaks the invariants.</summary>
    private static async Task<List<string>> Violations(RoutingScenario s, List<string> agentIds, List<Guid> conversations)
    {
        var problems = new List<string>();
        var holders = new Dictionary<Guid, List<string>>();
        foreach (var id in agentIds)
        {
            var agent = await s.View(id);
            foreach (var kind in Enum.GetValues<WorkKind>())
            {
                var used = agent.Assignments.Count(a => a.Kind == kind) + agent.Offers.Count(o => o.Kind == kind);
                if (used > agent.Profile.Capacity.GetValueOrDefault(kind)) problems.Add($"{id} holds {used} {kind} past capacity");
            }
            foreach (var a in agent.Assignments)
                (holders.TryGetValue(a.ConversationId, out var list) ? list : holders[a.ConversationId] = []).Add(id);
        }
        var queued = new Dictionary<Guid, List<string>>();
        foreach (var (queue, partitions) in new[] { ("general", 4), ("billing", 2) })
            for (var p = 0; p < partitions; p++)
                foreach (var held in await s.Partition(queue, p).Held())
                    (queued.TryGetValue(held, out var list) ? list : queued[held] = []).Add($"{queue}/{p}");

        foreach (var id in conversations)
        {
            var view = await s.View(id);
            var heldBy = holders.GetValueOrDefault(id) ?? [];
            var inQueues = queued.GetValueOrDefault(id) ?? [];
            var active = view.Status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed;
            if (heldBy.Count > 1) problems.Add($"{id} double-assigned to {string.Join(", ", heldBy)}");
            if (inQueues.Count > 1) problems.Add($"{id} in several partitions: {string.Join(", ", inQueues)}");
            if (!active && (heldBy.Count > 0 || inQueues.Count > 0)) problems.Add($"{id} is {view.Status} but still held");
            if (active && view.Assignee is { } assignee && (heldBy.Count != 1 || heldBy[0] != assignee || inQueues.Count > 0))
                problems.Add($"{id} assigned to {assignee} but held by [{string.Join(", ", heldBy)}], queued in [{string.Join(", ", inQueues)}]");
            if (active && view.Assignee is null && (inQueues.Count != 1 || heldBy.Count > 0 || view.QueueId is null))
                problems.Add($"{id} unassigned, queue '{view.QueueId}', but in partitions [{string.Join(", ", inQueues)}] and held by [{string.Join(", ", heldBy)}]: lost");
        }
        return problems;
    }
}
