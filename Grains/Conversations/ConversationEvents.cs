namespace Engine.Conversations;

/// <summary>One fact in a conversation's append-only history. The conversation's state is a fold of these.</summary>
[GenerateSerializer, Alias("engine.ev.ConversationEvent")]
public abstract record ConversationEvent([property: Id(0)] DateTimeOffset At);

/// <param name="ListeningRules">Set when a listening feed's post opened it (a proactive case): the rules it matched.</param>
[GenerateSerializer, Alias("engine.ev.ConversationStarted")]
public sealed record ConversationStarted(
    DateTimeOffset At,
    [property: Id(0)] string Tenant,
    [property: Id(1)] Guid? CustomerId,
    [property: Id(2)] Guid? LinkedFrom,
    [property: Id(3)] IReadOnlyList<string>? ListeningRules = null) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.CustomerLinked")]
public sealed record CustomerLinked(DateTimeOffset At, [property: Id(0)] Guid CustomerId) : ConversationEvent(At);

/// <summary>The thread's directory moved it to a new conversation (this one was past reopening): from now on this
/// conversation refuses the thread's messages, so a route kept from before the move leads back to the directory.</summary>
[GenerateSerializer, Alias("engine.ev.ThreadMovedOut")]
public sealed record ThreadMovedOut(DateTimeOffset At, [property: Id(0)] int ThreadId) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.ThreadOpened")]
public sealed record ThreadOpened(
    DateTimeOffset At,
    [property: Id(0)] int ThreadId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string ThreadKey) : ConversationEvent(At);

/// <summary>A message stored in a thread. <see cref="ClientMessageId"/> is the caller's idempotency key for agent replies;
/// <see cref="ApprovedBy"/> the reviewer whose approval sent it, when it was held;
/// a customer's message carries its risk as scored at ingest and the author's reach it was scored with.</summary>
[GenerateSerializer, Alias("engine.ev.MessageAdded")]
public sealed record MessageAdded(
    DateTimeOffset At,
    [property: Id(0)] int ThreadId,
    [property: Id(1)] string PlatformMessageId,
    [property: Id(2)] MessageAuthor Author,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset PlatformTimestamp,
    [property: Id(5)] string? InReplyTo,
    [property: Id(6)] IReadOnlyList<string> Attachments,
    [property: Id(7)] string? ClientMessageId = null,
    [property: Id(8)] string? ApprovedBy = null,
    [property: Id(9)] Engine.Canned.CannedUse? Canned = null,
    [property: Id(10)] Engine.Insight.RiskAssessment? Risk = null,
    [property: Id(11)] Engine.Insight.AuthorInfluence? Influence = null) : ConversationEvent(At);

/// <summary>A customer message was scored again because its engagement velocity changed (the platform's updates).</summary>
[GenerateSerializer, Alias("engine.ev.MessageRiskChanged")]
public sealed record MessageRiskChanged(
    DateTimeOffset At,
    [property: Id(0)] int ThreadId,
    [property: Id(1)] string PlatformMessageId,
    [property: Id(2)] Engine.Insight.RiskAssessment Risk,
    [property: Id(3)] Engine.Insight.EngagementVelocity Velocity) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.NoteAdded")]
public sealed record NoteAdded(
    DateTimeOffset At,
    [property: Id(0)] Guid NoteId,
    [property: Id(1)] string AuthorId,
    [property: Id(2)] string Text) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.StatusChanged")]
public sealed record StatusChanged(
    DateTimeOffset At,
    [property: Id(0)] ConversationStatus From,
    [property: Id(1)] ConversationStatus To,
    [property: Id(2)] string By,
    [property: Id(3)] string? Reason,
    [property: Id(4)] DateTimeOffset? Until = null) : ConversationEvent(At);

/// <summary>The conversation entered a queue to wait for an agent (new, reopened, transferred, escalated, returned).</summary>
[GenerateSerializer, Alias("engine.ev.ConversationQueued")]
public sealed record ConversationQueued(
    DateTimeOffset At,
    [property: Id(0)] string QueueId,
    [property: Id(1)] string By,
    [property: Id(2)] string? Reason) : ConversationEvent(At);

/// <summary>An agent took the conversation: by accepting an offer, by auto-accept, by a supervisor, or by transfer.</summary>
[GenerateSerializer, Alias("engine.ev.ConversationAssigned")]
public sealed record ConversationAssigned(
    DateTimeOffset At,
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? QueueId,
    [property: Id(2)] Engine.Agents.AssignmentKind How,
    [property: Id(3)] string By,
    [property: Id(4)] string? Reason) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.ConversationUnassigned")]
public sealed record ConversationUnassigned(
    DateTimeOffset At,
    [property: Id(0)] string AgentId,
    [property: Id(1)] string By,
    [property: Id(2)] string? Reason) : ConversationEvent(At);

/// <summary>An app passed, took or asked for control of a thread (Messenger's hand-over protocol).</summary>
[GenerateSerializer, Alias("engine.ev.ThreadControlChanged")]
public sealed record ThreadControlChanged(
    DateTimeOffset At,
    [property: Id(0)] int ThreadId,
    [property: Id(1)] ThreadControlKind Kind,
    [property: Id(2)] string? AppId,
    [property: Id(3)] string? Metadata) : ConversationEvent(At);

/// <summary>The conversation now needs an agent of a higher tier.</summary>
[GenerateSerializer, Alias("engine.ev.ConversationEscalated")]
public sealed record ConversationEscalated(
    DateTimeOffset At,
    [property: Id(0)] int FromTier,
    [property: Id(1)] int ToTier,
    [property: Id(2)] string By,
    [property: Id(3)] string? Reason) : ConversationEvent(At);
