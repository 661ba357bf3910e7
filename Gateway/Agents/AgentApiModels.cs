namespace Engine.Gateway.Agents;

using Engine.Agents;

/// <summary>An agent's skills, capacity per kind of work (<c>social</c>, <c>chat</c>, <c>email</c>) and queues.</summary>
public sealed record AgentProfileRequest(
    string? DisplayName,
    Dictionary<string, int>? Skills,
    Dictionary<string, int>? Capacity,
    List<string>? Queues);

public sealed record PresenceRequest(Presence? Presence, string? By = null);

public sealed record DeclineRequest(string? Reason = null);

public sealed record OfferResponseBody(
    Guid OfferId, Guid ConversationId, string QueueId, string Kind, string Priority, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt);

public sealed record AssignmentBody(Guid ConversationId, string? QueueId, string Kind, DateTimeOffset Since);

public sealed record AgentResponse(
    string AgentId,
    string? DisplayName,
    Presence Presence,
    DateTimeOffset PresenceSince,
    IReadOnlyDictionary<string, int> Skills,
    IReadOnlyDictionary<string, int> Capacity,
    IReadOnlyList<string> Queues,
    IReadOnlyList<AssignmentBody> Assignments,
    IReadOnlyList<OfferResponseBody> Offers,
    int MissedOffers,
    DateTimeOffset IdleSince)
{
    public static AgentResponse From(AgentView view) => new(view.AgentId, view.Profile.DisplayName, view.Presence, view.PresenceSince,
        view.Profile.Skills, view.Profile.Capacity.ToDictionary(c => Name(c.Key), c => c.Value), view.Profile.Queues,
        view.Assignments.Select(a => new AssignmentBody(a.ConversationId, a.QueueId, Name(a.Kind), a.Since)).ToList(),
        view.Offers.Select(Offer).ToList(), view.MissedOffers, view.IdleSince);

    public static OfferResponseBody Offer(Offer o) =>
        new(o.OfferId, o.ConversationId, o.QueueId, Name(o.Kind), o.Priority.ToString().ToLowerInvariant(), o.OfferedAt, o.ExpiresAt);

    public static string Name(WorkKind kind) => kind.ToString().ToLowerInvariant();
}

public sealed record AcceptResponse(Guid OfferId, Guid ConversationId, string AgentId);
