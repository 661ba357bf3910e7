namespace Engine.Routing;

using Engine.Agents;
using Orleans.Concurrency;

/// <summary>
/// One partition of a queue. Key: <see cref="QueueKeys.Partition"/>. Holds its waiting conversations in order and
/// offers them to agents; the agent grain decides whether it has room, the partition decides who gets what.
/// </summary>
[Alias("engine.IQueueGrain")]
public interface IQueueGrain : IGrainWithStringKey
{
    /// <summary>Adds the conversation (idempotent) and offers it at once if an agent is free.</summary>
    Task Enqueue(QueueTicket ticket);

    /// <summary>Takes the conversation out (assigned elsewhere, resolved, moved); withdraws its offer, if any.</summary>
    Task<bool> Remove(Guid conversationId);

    /// <summary>The agent accepted: true hands the conversation over, false means the offer is no longer valid.</summary>
    Task<bool> Confirm(Guid conversationId, Guid offerId, string agentId);

    [OneWay]
    Task Declined(Guid conversationId, Guid offerId, string agentId);

    /// <summary>An agent's availability, which the partition uses to choose an agent when new work arrives.</summary>
    [OneWay]
    Task AgentChanged(AgentAvailability availability);

    /// <summary>An agent with room asks for work: offers already made out to it, in queue order, up to its room.</summary>
    Task<IReadOnlyList<Offer>> Pull(AgentAvailability availability);

    /// <summary>The agent could not take an offer it pulled after all; the conversation goes to someone else.</summary>
    [OneWay]
    Task Returned(Guid conversationId, Guid offerId, AgentAvailability availability);

    /// <summary>The agent left the queue (profile change).</summary>
    [OneWay]
    Task AgentLeft(string agentId);

    /// <summary>The queue's definition changed.</summary>
    [OneWay]
    Task Reconfigure(QueueDefinition definition);

    Task<QueueStats> Stats();

    Task<QueuePosition?> Position(Guid conversationId);

    /// <summary>Every conversation held, for invariant checks and tooling.</summary>
    Task<IReadOnlyList<Guid>> Held();
}

/// <summary>Routing configuration of a tenant: its queues and settings. Key: tenant.</summary>
[Alias("engine.ITenantRoutingGrain")]
public interface ITenantRoutingGrain : IGrainWithStringKey
{
    Task<TenantRoutingSettings> Settings();

    Task SetSettings(TenantRoutingSettings settings);

    /// <summary>The queue's definition; a queue never defined gets the defaults.</summary>
    Task<QueueDefinition> Queue(string queueId);

    Task<IReadOnlyList<QueueDefinition>> Queues();

    Task<QueueDefinition> DefineQueue(QueueDefinition definition);

    /// <summary>Adds an agent to the tenant's roster (idempotent); agents add themselves when their profile is set.</summary>
    Task AddAgent(string agentId);

    /// <summary>Every agent that ever set a profile in the tenant, for reports.</summary>
    Task<IReadOnlyList<string>> Agents();
}
