namespace Engine.Gateway.Routing;

using Engine.Routing;

public sealed record RoutingSettingsBody(string? DefaultQueue, int? OfflineGraceSeconds, int? MaxMissedOffers)
{
    public static RoutingSettingsBody From(TenantRoutingSettings s) =>
        new(s.DefaultQueue, s.OfflineGrace is { } g ? (int)g.TotalSeconds : null, s.MaxMissedOffers);
}

/// <summary>A queue: skills its agents need, how the agent is chosen, auto-accept, offer timeout, partitions.</summary>
public sealed record QueueBody(
    Dictionary<string, int>? Requirements,
    RoutingStrategy? Strategy,
    bool? AutoAccept,
    int? OfferTimeoutSeconds,
    int? Partitions);

public sealed record QueueResponse(
    string QueueId, IReadOnlyDictionary<string, int> Requirements, RoutingStrategy Strategy, bool AutoAccept, int OfferTimeoutSeconds, int Partitions)
{
    public static QueueResponse From(QueueDefinition d) =>
        new(d.QueueId, d.Requirements, d.Strategy, d.AutoAccept, (int)d.OfferTimeout.TotalSeconds, d.Partitions);
}

public sealed record QueueStatsResponse(
    string QueueId, int Depth, int Waiting, int Offered, double LongestWaitSeconds, int AgentsKnown, int AgentsReady, long Assigned, int Partitions);

public sealed record QueuePositionResponse(Guid ConversationId, string QueueId, int Position, bool Offered, double WaitedSeconds, double? EstimatedWaitSeconds);

public sealed record AssignRequest(string? AgentId, string? By, string? Reason = null);

/// <summary>Transfer to an agent or to a queue: exactly one of the two.</summary>
public sealed record TransferRequest(string? ToAgentId, string? ToQueueId, string? By, string? Reason = null);

public sealed record EscalationBody(int? Tier, string? QueueId, string? By, string? Reason = null);

public sealed record RoutingResponse(Guid ConversationId, string? Assignee, string? QueueId, int Tier, long Version);
