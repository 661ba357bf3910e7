namespace Engine.Routing;

using System.Collections.Concurrent;

/// <summary>
/// A per-silo cache of tenants' routing settings and queue definitions, so the ingest path finds a conversation's
/// queue partition without a grain call each time. Entries live a few seconds: a changed definition is seen
/// by every silo within <see cref="Lifetime"/>.
/// </summary>
public sealed class RoutingDirectory(IGrainFactory grains)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long Until, TenantRoutingSettings Settings)> _settings = new();
    private readonly ConcurrentDictionary<string, (long Until, QueueDefinition Definition)> _queues = new();

    public async ValueTask<TenantRoutingSettings> Settings(string tenant)
    {
        if (_settings.TryGetValue(tenant, out var hit) && hit.Until > Environment.TickCount64) return hit.Settings;
        var settings = await grains.GetGrain<ITenantRoutingGrain>(tenant).Settings();
        _settings[tenant] = (Expiry(), settings);
        return settings;
    }

    public async ValueTask<QueueDefinition> Queue(string tenant, string queueId)
    {
        var key = $"{tenant}/{queueId}";
        if (_queues.TryGetValue(key, out var hit) && hit.Until > Environment.TickCount64) return hit.Definition;
        var definition = await grains.GetGrain<ITenantRoutingGrain>(tenant).Queue(queueId);
        _queues[key] = (Expiry(), definition);
        return definition;
    }

    /// <summary>The partition of the queue that holds (or will hold) the conversation.</summary>
    public async ValueTask<IQueueGrain> PartitionOf(string tenant, string queueId, Guid conversationId)
    {
        var definition = await Queue(tenant, queueId);
        return grains.GetGrain<IQueueGrain>(QueueKeys.Partition(tenant, queueId, QueueKeys.PartitionOf(conversationId, definition.Partitions)));
    }

    /// <summary>Forgets what this silo knows about a tenant, after it changed here.</summary>
    public void Forget(string tenant)
    {
        _settings.TryRemove(tenant, out _);
        foreach (var key in _queues.Keys.Where(k => k.StartsWith(tenant + "/", StringComparison.Ordinal)))
            _queues.TryRemove(key, out _);
    }

    private static long Expiry() => Environment.TickCount64 + (long)Lifetime.TotalMilliseconds;
}
