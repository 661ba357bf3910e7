namespace Engine.Conversations;

/// <summary>
/// A conversation's folded state at one version, so that activation reads the snapshot and only the events
/// after it instead of replaying the whole history.
/// </summary>
[GenerateSerializer, Alias("engine.ConversationSnapshot")]
public sealed record ConversationSnapshot(
    [property: Id(0)] long Version,
    [property: Id(1)] string Tenant,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] Guid? LinkedFrom,
    [property: Id(4)] ConversationStatus Status,
    [property: Id(5)] Priority Priority,
    [property: Id(6)] string? Assignee,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt,
    [property: Id(9)] DateTimeOffset? ResolvedAt,
    [property: Id(10)] IReadOnlyList<ThreadSnapshot> Threads,
    [property: Id(11)] IReadOnlyList<NoteAdded> Notes,
    [property: Id(12)] IReadOnlyList<StatusChanged> StatusHistory,
    [property: Id(13)] string? QueueId = null,
    [property: Id(14)] DateTimeOffset? QueuedAt = null,
    [property: Id(15)] string? LastQueueId = null,
    [property: Id(16)] int Tier = 1,
    [property: Id(17)] IReadOnlyList<ConversationEvent>? RoutingHistory = null,
    [property: Id(18)] IReadOnlyList<ConversationEvent>? SlaHistory = null,
    [property: Id(19)] IReadOnlyList<string>? Labels = null,
    [property: Id(20)] IReadOnlyList<PrivateInviteSent>? PrivateInvites = null,
    [property: Id(21)] IReadOnlyList<ConversationEvent>? ApprovalHistory = null,
    [property: Id(22)] IReadOnlyList<ConversationEvent>? Deliveries = null,
    [property: Id(23)] IReadOnlyList<string>? ListeningRules = null);

[GenerateSerializer, Alias("engine.ThreadSnapshot")]
public sealed record ThreadSnapshot(
    [property: Id(0)] int Id,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string ThreadKey,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] IReadOnlyList<MessageAdded> Messages,
    [property: Id(6)] IReadOnlyList<long> Sequences,
    [property: Id(7)] bool MovedOut = false);

/// <summary>What a log read returns: the latest snapshot, if any, and the events after it in order.</summary>
public sealed record ConversationLogRead(ConversationSnapshot? Snapshot, IReadOnlyList<ConversationEvent> Events)
{
    public static readonly ConversationLogRead Empty = new(null, []);
}
