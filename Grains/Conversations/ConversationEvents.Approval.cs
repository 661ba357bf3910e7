namespace Engine.Conversations;

using Engine.Approval;

/// <summary>
/// A reply held for approval. Not a message: nothing is delivered and no clock stops until a reviewer approves it and
/// the approval appends the <see cref="MessageAdded"/> with the approved text.
/// </summary>
[GenerateSerializer, Alias("engine.ev.ReplyDrafted")]
public sealed record ReplyDrafted(
    DateTimeOffset At,
    [property: Id(0)] Guid DraftId,
    [property: Id(1)] DraftKind Kind,
    [property: Id(2)] int ThreadId,
    [property: Id(3)] string AgentId,
    [property: Id(4)] string Text,
    [property: Id(5)] IReadOnlyList<string> Reasons,
    [property: Id(6)] IReadOnlyList<string> Reviewers,
    [property: Id(7)] string? ClientMessageId,
    [property: Id(8)] IReadOnlyList<string> Attachments,
    [property: Id(9)] ChannelKind? InviteChannel = null,
    [property: Id(10)] string? CaseReference = null,
    [property: Id(11)] Engine.Canned.CannedUse? Canned = null) : ConversationEvent(At);

/// <summary>A reviewer approved a draft; <see cref="TextAfter"/> differs from <see cref="TextBefore"/> when edited.
/// The message it sent (<see cref="MessageId"/>) follows in the same append.</summary>
[GenerateSerializer, Alias("engine.ev.DraftApproved")]
public sealed record DraftApproved(
    DateTimeOffset At,
    [property: Id(0)] Guid DraftId,
    [property: Id(1)] string ReviewerId,
    [property: Id(2)] string TextBefore,
    [property: Id(3)] string TextAfter,
    [property: Id(4)] string MessageId) : ConversationEvent(At);

/// <summary>A reviewer sent a draft back to its agent; nothing was sent.</summary>
[GenerateSerializer, Alias("engine.ev.DraftRejected")]
public sealed record DraftRejected(
    DateTimeOffset At,
    [property: Id(0)] Guid DraftId,
    [property: Id(1)] string ReviewerId,
    [property: Id(2)] string Comment) : ConversationEvent(At);
