namespace Engine.Agents;

using Engine.Conversations;
using Orleans.Concurrency;

public static class AgentKeys
{
    public static string Agent(string tenant, string agentId) => $"{tenant}/{agentId}";
}

/// <summary>
/// One agent. Key: <see cref="AgentKeys.Agent"/>. The only writer of the agent's capacity: every offer and
/// assignment passes through this activation, so the agent is never booked past its capacity.
/// </summary>
[Alias("engine.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>The agent, or null when it was never registered.</summary>
    Task<AgentView?> Get();

    /// <summary>The groups the agent belongs to (its queues and its <c>group:*</c> skills), for approval rules. Interleaves
    /// with any call in progress, so a conversation may ask while the agent waits on it.</summary>
    [AlwaysInterleave]
    Task<IReadOnlySet<string>> Groups();

    /// <summary>Registers the agent or replaces its skills, capacity and queues.</summary>
    Task<AgentView> SetProfile(AgentProfile profile);

    Task<CommandError?> SetPresence(Presence presence, string by);

    /// <summary>From a queue: reserve capacity for the offer, or refuse it.</summary>
    Task<OfferResponse> Offer(Offer offer);

    Task<CommandError?> Accept(Guid offerId);

    Task<CommandError?> Decline(Guid offerId, string? reason);

    /// <summary>From a queue: the offer is gone (timed out or withdrawn); free what it reserved.</summary>
    [OneWay]
    Task Withdraw(Guid offerId, bool timedOut);

    /// <summary>Takes a conversation directly (supervisor assignment or transfer), within capacity.</summary>
    Task<CommandError?> Assign(Guid conversationId, AssignmentKind kind, string by, string? reason);

    /// <summary>The conversation no longer needs this agent (resolved, transferred, requeued).</summary>
    [OneWay]
    Task Release(Guid conversationId);

    /// <summary>The agent's activity log, oldest first: presence changes and assignments of the last 31 days (at most 10,000).</summary>
    Task<IReadOnlyList<AgentActivity>> Activity();

    /// <summary>Asks the agent to tell its queues its availability again (a queue partition restarted).</summary>
    [OneWay]
    Task Announce();
}
