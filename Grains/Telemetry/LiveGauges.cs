namespace Engine.Telemetry;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Agents;
using Engine.Conversations;

/// <summary>What one queue partition holds, as it last published it.</summary>
public sealed record QueuePartitionGauge(string Tenant, string Queue, int Waiting, int Offered, DateTimeOffset? OldestEnteredAt);

/// <summary>Where one agent stands, as it last published it.</summary>
public sealed record AgentGauge(string Tenant, Presence Presence, int Load, int Capacity);

/// <summary>
/// The silo-local registry behind the engine's gauges: live grains publish a snapshot here and remove it when they
/// deactivate, so each silo reports only the grains it holds and a cluster's series add up without double counting.
/// The gauges themselves are created once per process and read every registry in it (tests run several silos in
/// one process; a real silo process has one).
/// </summary>
public sealed class LiveGauges : IDisposable
{
    private static readonly ConcurrentDictionary<LiveGauges, byte> Registries = new();

    private readonly ConcurrentDictionary<string, QueuePartitionGauge> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AgentGauge> _agents = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<ConversationStatusCount> _census = [];
    private readonly TimeProvider _clock;

    static LiveGauges()
    {
        var meter = EngineTelemetry.Meter;
        meter.CreateObservableGauge("engine.queue.depth", () => QueueGauges(p => p.Waiting),
            "{conversation}", "Conversations waiting for an offer, by tenant and queue.");
        meter.CreateObservableGauge("engine.queue.offered", () => QueueGauges(p => p.Offered),
            "{conversation}", "Conversations offered to an agent and not yet answered, by tenant and queue.");
        meter.CreateObservableGauge("engine.queue.longest_wait", LongestWaits,
            "s", "How long the oldest conversation in the queue has waited, by tenant and queue.");
        meter.CreateObservableGauge("engine.agents", AgentsByPresence,
            "{agent}", "Registered agents by tenant and presence.");
        meter.CreateObservableGauge("engine.agents.load", () => AgentTotals(a => a.Load),
            "{conversation}", "Assignments and pending offers held by the tenant's agents.");
        meter.CreateObservableGauge("engine.agents.capacity", () => AgentTotals(a => a.Capacity),
            "{conversation}", "Total capacity of the tenant's agents, all kinds of work.");
        meter.CreateObservableGauge("engine.conversations", Census,
            "{conversation}", "Conversations by tenant and status, counted from the store by the census grain.");
    }

    public LiveGauges(TimeProvider clock)
    {
        _clock = clock;
        Registries[this] = 0;
    }

    public void Publish(string partitionKey, QueuePartitionGauge gauge) => _partitions[partitionKey] = gauge;
    public void RemovePartition(string partitionKey) => _partitions.TryRemove(partitionKey, out _);
    public void Publish(string agentKey, AgentGauge gauge) => _agents[agentKey] = gauge;
    public void RemoveAgent(string agentKey) => _agents.TryRemove(agentKey, out _);
    public void PublishCensus(IReadOnlyList<ConversationStatusCount> counts) => _census = counts;
    public void ClearCensus() => _census = [];

    public void Dispose() => Registries.TryRemove(this, out _);

    private static IEnumerable<Measurement<long>> QueueGauges(Func<QueuePartitionGauge, int> value) =>
        Registries.Keys.SelectMany(r => r._partitions.Values)
            .GroupBy(p => (p.Tenant, p.Queue))
            .Select(g => new Measurement<long>(g.Sum(value), QueueTags(g.Key.Tenant, g.Key.Queue)));

    private static IEnumerable<Measurement<double>> LongestWaits() =>
        Registries.Keys.SelectMany(r => r._partitions.Values.Select(p => (p, r._clock)))
            .GroupBy(x => (x.p.Tenant, x.p.Queue))
            .Select(g => new Measurement<double>(g.Max(x => x.p.OldestEnteredAt is { } o ? Math.Max(0, (x._clock.GetUtcNow() - o).TotalSeconds) : 0),
                QueueTags(g.Key.Tenant, g.Key.Queue)));

    private static IEnumerable<Measurement<long>> AgentsByPresence() =>
        Registries.Keys.SelectMany(r => r._agents.Values)
            .GroupBy(a => (a.Tenant, a.Presence))
            .Select(g => new Measurement<long>(g.Count(), new TagList
            {
                { "engine.tenant", g.Key.Tenant }, { "engine.presence", g.Key.Presence.ToString().ToLowerInvariant() },
            }));

    private static IEnumerable<Measurement<long>> AgentTotals(Func<AgentGauge, int> value) =>
        Registries.Keys.SelectMany(r => r._agents.Values)
            .GroupBy(a => a.Tenant)
            .Select(g => new Measurement<long>(g.Sum(value), new TagList { { "engine.tenant", g.Key } }));

    private static IEnumerable<Measurement<long>> Census() =>
        Registries.Keys.SelectMany(r => r._census)
            .Select(c => new Measurement<long>(c.Count, new TagList
            {
                { "engine.tenant", c.Tenant }, { "engine.status", c.Status.ToString().ToLowerInvariant() },
            }));

    private static TagList QueueTags(string tenant, string queue) => new() { { "engine.tenant", tenant }, { "engine.queue", queue } };
}
