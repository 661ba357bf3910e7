namespace Engine.Conversations;

using Engine.Agents;

/// <summary>The routing rules of a conversation: queueing, assignment, transfer and escalation, each an event with who and why.</summary>
public static partial class ConversationDecisions
{
    private static CommandError? CannotRoute(ConversationState state) =>
        !state.IsActive
            ? new CommandError(CommandErrorKind.Conflict, $"The conversation is {state.Status.ToString().ToLowerInvariant()}; it needs no agent.", "status")
            : null;

    /// <summary>An agent takes the conversation. Offers only win a conversation nobody holds; supervisors and transfers may take it over.</summary>
    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error) Assign(ConversationState state, string agentId,
        string? queueId, AssignmentKind how, string by, string? reason, DateTimeOffset now)
    {
        if (CannotRoute(state) is { } error) return ([], error);
        if (state.Assignee == agentId) return ([], null);
        if (how is AssignmentKind.Offer or AssignmentKind.AutoAccept && state.Assignee is not null)
            return ([], new CommandError(CommandErrorKind.Conflict, $"The conversation is already assigned to {state.Assignee}.", "assignee"));
        var events = new List<ConversationEvent>();
        if (state.Assignee is { } previous)
            events.Add(new ConversationUnassigned(now, previous, by, how == AssignmentKind.Transfer ? $"transferred to {agentId}" : "reassigned"));
        events.Add(new ConversationAssigned(now, agentId, queueId ?? state.QueueId, how, by, reason));
        return (events, null);
    }

    /// <summary>The conversation goes (back) to a queue: a transfer to a queue, or an agent's assignment returned.</summary>
    /// <param name="onlyFrom">When set, only if this agent still holds it (a late return changes nothing).</param>
    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error) Requeue(ConversationState state, string queueId,
        string by, string? reason, DateTimeOffset now, string? onlyFrom = null)
    {
        if (CannotRoute(state) is { } error) return ([], error);
        if (onlyFrom is not null && state.Assignee != onlyFrom) return ([], null);
        if (state.Assignee is null && state.QueueId == queueId) return ([], null);
        var events = new List<ConversationEvent>();
        if (state.Assignee is { } previous)
            events.Add(new ConversationUnassigned(now, previous, by, reason));
        events.Add(new ConversationQueued(now, queueId, by, reason));
        return (events, null);
    }

    /// <summary>Raises the tier it needs and queues it again for an agent of that tier.</summary>
    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error) Escalate(ConversationState state, int toTier,
        string queueId, string by, string? reason, DateTimeOffset now)
    {
        if (CannotRoute(state) is { } error) return ([], error);
        if (toTier <= state.Tier)
            return ([], new CommandError(CommandErrorKind.Invalid, $"Escalation must raise the tier above {state.Tier}.", "tier"));
        var events = new List<ConversationEvent> { new ConversationEscalated(now, state.Tier, toTier, by, reason) };
        if (state.Assignee is { } previous)
            events.Add(new ConversationUnassigned(now, previous, by, reason ?? "escalated"));
        events.Add(new ConversationQueued(now, queueId, by, reason ?? $"escalated to tier {toTier}"));
        return (events, null);
    }
}
