namespace Engine.Agents;

using Engine.Conversations;

[GenerateSerializer, Alias("engine.Presence")]
public enum Presence { Offline, Available, Away, Busy }

/// <summary>What an agent's capacity is counted in: public/social threads, live chats, emails.</summary>
[GenerateSerializer, Alias("engine.WorkKind")]
public enum WorkKind { Social, Chat, Email }

public static class WorkKinds
{
    /// <summary>Live, private messaging counts as chat; public posts and reviews as social; email as email.</summary>
    public static WorkKind Of(ChannelKind channel) => channel switch
    {
        ChannelKind.Messenger or ChannelKind.Webchat or ChannelKind.Sms or ChannelKind.WhatsApp => WorkKind.Chat,
        ChannelKind.Email => WorkKind.Email,
        _ => WorkKind.Social,
    };
}

/// <summary>
/// What an agent can do. Skills are named with levels, by convention <c>lang:en</c>, <c>channel:x</c>,
/// <c>topic:billing</c> and <c>tier</c> (1 = first line); the tenant is part of the agent's key.
/// </summary>
/// <param name="Capacity">How many conversations of each kind the agent holds at once; a kind not listed is 0.</param>
/// <param name="Queues">The queues this agent takes work from.</param>
[GenerateSerializer, Alias("engine.AgentProfile")]
public sealed record AgentProfile(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] IReadOnlyDictionary<string, int> Skills,
    [property: Id(2)] IReadOnlyDictionary<WorkKind, int> Capacity,
    [property: Id(3)] IReadOnlyList<string> Queues);

[GenerateSerializer, Alias("engine.AgentAssignment")]
public sealed record AgentAssignment(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] string? QueueId,
    [property: Id(2)] WorkKind Kind,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] Guid? OfferId = null);

/// <summary>A reservation: one conversation offered to one agent until it accepts, declines or the offer expires.</summary>
[GenerateSerializer, Alias("engine.Offer")]
public sealed record Offer(
    [property: Id(0)] Guid OfferId,
    [property: Id(1)] Guid ConversationId,
    [property: Id(2)] string QueueId,
    [property: Id(3)] int Partition,
    [property: Id(4)] WorkKind Kind,
    [property: Id(5)] Priority Priority,
    [property: Id(6)] DateTimeOffset OfferedAt,
    [property: Id(7)] DateTimeOffset ExpiresAt,
    [property: Id(8)] bool AutoAccept,
    [property: Id(9)] DateTimeOffset EnteredQueueAt = default);

/// <summary>What an agent tells its queues about itself, so they can choose without asking every agent.</summary>
/// <param name="Version">Grows with every change, so a queue drops an update older than one it has.</param>
[GenerateSerializer, Alias("engine.AgentAvailability")]
public sealed record AgentAvailability(
    [property: Id(0)] string AgentId,
    [property: Id(1)] Presence Presence,
    [property: Id(2)] IReadOnlyDictionary<string, int> Skills,
    [property: Id(3)] IReadOnlyDictionary<WorkKind, int> FreeCapacity,
    [property: Id(4)] int Load,
    [property: Id(5)] int TotalCapacity,
    [property: Id(6)] DateTimeOffset IdleSince,
    [property: Id(7)] long Version);

[GenerateSerializer, Alias("engine.AgentView")]
public sealed record AgentView(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string AgentId,
    [property: Id(2)] Presence Presence,
    [property: Id(3)] DateTimeOffset PresenceSince,
    [property: Id(4)] AgentProfile Profile,
    [property: Id(5)] IReadOnlyList<AgentAssignment> Assignments,
    [property: Id(6)] IReadOnlyList<Offer> Offers,
    [property: Id(7)] int MissedOffers,
    [property: Id(8)] DateTimeOffset IdleSince);

[GenerateSerializer, Alias("engine.OfferReply")]
public enum OfferReply { Reserved, Accepted, Refused }

/// <summary>The agent's answer to an offer, with its current availability so the queue's view stays true.</summary>
[GenerateSerializer, Alias("engine.OfferResponse")]
public sealed record OfferResponse(
    [property: Id(0)] OfferReply Reply,
    [property: Id(1)] AgentAvailability? Availability);

[GenerateSerializer, Alias("engine.AssignmentKind")]
public enum AssignmentKind { Offer, AutoAccept, Manual, Transfer }

[GenerateSerializer, Alias("engine.AgentActivityKind")]
public enum AgentActivityKind { Presence, Assigned, Released }

/// <summary>One entry of an agent's activity log: a presence change, or a conversation assigned or released.</summary>
[GenerateSerializer, Alias("engine.AgentActivity")]
public sealed record AgentActivity(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] AgentActivityKind Kind,
    [property: Id(2)] Presence? Presence = null,
    [property: Id(3)] Guid? ConversationId = null);
