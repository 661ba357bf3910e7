namespace Engine.Routing;

using Engine.Agents;
using Engine.Conversations;

[GenerateSerializer, Alias("engine.RoutingStrategy")]
public enum RoutingStrategy { LeastLoaded, LongestIdle, RoundRobin }

/// <summary>A queue of one tenant: who may take its work, how the agent is chosen, and how offers behave.</summary>
/// <param name="Requirements">Skills every agent needs for this queue's work, with minimum levels.</param>
/// <param name="Partitions">How many grains share the queue; a conversation lives in one, chosen by its id.</param>
[GenerateSerializer, Alias("engine.QueueDefinition")]
public sealed record QueueDefinition(
    [property: Id(0)] string QueueId,
    [property: Id(1)] IReadOnlyDictionary<string, int> Requirements,
    [property: Id(2)] RoutingStrategy Strategy,
    [property: Id(3)] bool AutoAccept,
    [property: Id(4)] TimeSpan OfferTimeout,
    [property: Id(5)] int Partitions)
{
    public static QueueDefinition Default(string queueId) =>
        new(queueId, new Dictionary<string, int>(), RoutingStrategy.LeastLoaded, false, TimeSpan.FromSeconds(30), 1);
}

/// <summary>Routing settings of one tenant.</summary>
/// <param name="OfflineGrace">How long an agent who went offline keeps its assignments before they return to
/// their queues; null keeps them.</param>
/// <param name="MaxMissedOffers">Offers an agent may let time out in a row before it is set away.</param>
[GenerateSerializer, Alias("engine.TenantRoutingSettings")]
public sealed record TenantRoutingSettings(
    [property: Id(0)] string DefaultQueue,
    [property: Id(1)] TimeSpan? OfflineGrace,
    [property: Id(2)] int MaxMissedOffers)
{
    public static readonly TenantRoutingSettings Default = new("general", TimeSpan.FromMinutes(2), 3);
}

/// <summary>A conversation waiting in a queue partition.</summary>
/// <param name="Requirements">Skills this conversation needs on top of the queue's (e.g. <c>tier</c> after escalation).</param>
/// <param name="Excluded">Agents who must not get it again in this stay (the agent it was transferred from).</param>
[GenerateSerializer, Alias("engine.QueueTicket")]
public sealed record QueueTicket(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] string Tenant,
    [property: Id(2)] string QueueId,
    [property: Id(3)] Priority Priority,
    [property: Id(4)] DateTimeOffset? SlaDeadline,
    [property: Id(5)] DateTimeOffset EnteredAt,
    [property: Id(6)] WorkKind Kind,
    [property: Id(7)] IReadOnlyDictionary<string, int> Requirements,
    [property: Id(8)] IReadOnlyList<string> Excluded);

[GenerateSerializer, Alias("engine.QueueStats")]
public sealed record QueueStats(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Waiting,
    [property: Id(2)] int Offered,
    [property: Id(3)] TimeSpan LongestWait,
    [property: Id(4)] int AgentsKnown,
    [property: Id(5)] int AgentsReady,
    [property: Id(6)] long Assigned,
    [property: Id(7)] int Partitions)
{
    public static QueueStats Merge(string queueId, IReadOnlyList<QueueStats> parts) => new(queueId,
        parts.Sum(p => p.Waiting), parts.Sum(p => p.Offered),
        parts.Count == 0 ? TimeSpan.Zero : parts.Max(p => p.LongestWait),
        parts.Count == 0 ? 0 : parts.Max(p => p.AgentsKnown), parts.Count == 0 ? 0 : parts.Max(p => p.AgentsReady),
        parts.Sum(p => p.Assigned), parts.Count);
}

/// <summary>Where a waiting conversation stands. Position 1 is next; the estimate is null until the queue has a pace.</summary>
[GenerateSerializer, Alias("engine.QueuePosition")]
public sealed record QueuePosition(
    [property: Id(0)] string QueueId,
    [property: Id(1)] int Position,
    [property: Id(2)] bool Offered,
    [property: Id(3)] TimeSpan Waited,
    [property: Id(4)] TimeSpan? EstimatedWait);

public static class QueueKeys
{
    public static string Partition(string tenant, string queueId, int partition) => $"{tenant}/{queueId}/{partition}";

    /// <summary>The partition a conversation lives in: stable for its id, spread evenly.</summary>
    public static int PartitionOf(Guid conversationId, int partitions)
    {
        if (partitions <= 1) return 0;
        Span<byte> bytes = stackalloc byte[16];
        conversationId.TryWriteBytes(bytes);
        return (int)(BitConverter.ToUInt32(bytes[..4]) % (uint)partitions);
    }
}
