namespace Engine.Conversations;

[GenerateSerializer, Alias("engine.MessageView")]
public sealed record MessageView(
    [property: Id(0)] string PlatformMessageId,
    [property: Id(1)] MessageAuthor Author,
    [property: Id(2)] MessageDirection Direction,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset PlatformTimestamp,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] string? InReplyTo,
    [property: Id(7)] IReadOnlyList<string> Attachments,
    [property: Id(8)] long Sequence,
    [property: Id(9)] string? ApprovedBy = null,
    [property: Id(10)] Engine.Canned.CannedUse? Canned = null,
    [property: Id(11)] Engine.Delivery.DeliveryView? Delivery = null,
    [property: Id(12)] Engine.Insight.RiskAssessment? Risk = null);

/// <summary>Brand-wait figures for a thread or a whole conversation.</summary>
/// <param name="WaitingSince">Set while the customer spoke last and nobody has answered yet.</param>
/// <param name="TotalBrandWait">All time the customer spent waiting on the brand, up to now.</param>
[GenerateSerializer, Alias("engine.ClockView")]
public sealed record ClockView(
    [property: Id(0)] TimeSpan? FirstResponse,
    [property: Id(1)] IReadOnlyList<TimeSpan> NextResponses,
    [property: Id(2)] DateTimeOffset? WaitingSince,
    [property: Id(3)] TimeSpan CurrentWait,
    [property: Id(4)] TimeSpan TotalBrandWait,
    [property: Id(5)] int CustomerMessages,
    [property: Id(6)] int AnsweredCustomerMessages);

[GenerateSerializer, Alias("engine.ThreadView")]
public sealed record ThreadView(
    [property: Id(0)] int ThreadId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string ThreadKey,
    [property: Id(4)] DateTimeOffset OpenedAt,
    [property: Id(5)] IReadOnlyList<MessageView> Messages,
    [property: Id(6)] ClockView Clock,
    [property: Id(7)] ReplyWindowView? ReplyWindow = null,
    [property: Id(8)] bool HandedOff = false);

/// <summary>Whether the channel accepts a reply on this thread now, until when, and the rule behind it.</summary>
[GenerateSerializer, Alias("engine.ReplyWindowView")]
public sealed record ReplyWindowView(
    [property: Id(0)] bool Open,
    [property: Id(1)] DateTimeOffset? Until,
    [property: Id(2)] TimeSpan? Remaining,
    [property: Id(3)] string Rule);

/// <summary>The policy a conversation is measured against and where each of its targets stands now.</summary>
[GenerateSerializer, Alias("engine.SlaView")]
public sealed record SlaView(
    [property: Id(0)] string Policy,
    [property: Id(1)] IReadOnlyList<Engine.Sla.SlaTargetStatus> Targets);

/// <summary>An SLA warning, breach, or what one did (priority raised, supervisors notified).</summary>
[GenerateSerializer, Alias("engine.SlaEventView")]
public sealed record SlaEventView(
    [property: Id(0)] string Kind,
    [property: Id(1)] Engine.Sla.SlaTarget? Target,
    [property: Id(2)] TimeSpan? Goal,
    [property: Id(3)] TimeSpan? Counted,
    [property: Id(4)] TimeSpan? MissedBy,
    [property: Id(5)] string? Detail,
    [property: Id(6)] DateTimeOffset At);

[GenerateSerializer, Alias("engine.PrivateInviteView")]
public sealed record PrivateInviteView(
    [property: Id(0)] int PublicThreadId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] string AgentId,
    [property: Id(3)] string? CaseReference,
    [property: Id(4)] DateTimeOffset At);

[GenerateSerializer, Alias("engine.NoteView")]
public sealed record NoteView(
    [property: Id(0)] Guid NoteId,
    [property: Id(1)] string AuthorId,
    [property: Id(2)] string Text,
    [property: Id(3)] DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("engine.StatusChangeView")]
public sealed record StatusChangeView(
    [property: Id(0)] ConversationStatus From,
    [property: Id(1)] ConversationStatus To,
    [property: Id(2)] string By,
    [property: Id(3)] string? Reason,
    [property: Id(4)] DateTimeOffset At);

/// <param name="Risk">The risk of the customer's newest message, with its reasons as agents read them.</param>
/// <param name="ListeningRules">The listening rules whose match opened this conversation; null when a message to the brand did.</param>
[GenerateSerializer, Alias("engine.ConversationView")]
public sealed record ConversationView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] ConversationStatus Status,
    [property: Id(4)] Priority Priority,
    [property: Id(5)] string? Assignee,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] Guid? LinkedFrom,
    [property: Id(9)] IReadOnlyList<ThreadView> Threads,
    [property: Id(10)] IReadOnlyList<NoteView> Notes,
    [property: Id(11)] IReadOnlyList<StatusChangeView> StatusHistory,
    [property: Id(12)] ClockView Clock,
    [property: Id(13)] long Version,
    [property: Id(14)] string? QueueId = null,
    [property: Id(15)] int Tier = 1,
    [property: Id(16)] IReadOnlyList<RoutingChangeView>? RoutingHistory = null,
    [property: Id(17)] SlaView? Sla = null,
    [property: Id(18)] IReadOnlyList<SlaEventView>? SlaEvents = null,
    [property: Id(19)] IReadOnlyList<string>? Labels = null,
    [property: Id(20)] DateTimeOffset? SnoozedUntil = null,
    [property: Id(21)] IReadOnlyList<PrivateInviteView>? PrivateInvites = null,
    [property: Id(22)] IReadOnlyList<DraftView>? Drafts = null,
    [property: Id(23)] Engine.Insight.RiskAssessment? Risk = null,
    [property: Id(24)] IReadOnlyList<string>? ListeningRules = null)
{
    /// <summary>Opened by a listening feed's post (proactive), not by a message addressed to the brand.</summary>
    public bool Listening => ListeningRules is not null;
}

/// <summary>A reply held for approval and, once decided, who decided what and when (before/after text, comment).</summary>
/// <param name="Status"><c>pending</c>, <c>approved</c> or <c>rejected</c>.</param>
/// <param name="MessageId">The message the approval sent.</param>
[GenerateSerializer, Alias("engine.DraftView")]
public sealed record DraftView(
    [property: Id(0)] Guid DraftId,
    [property: Id(1)] Engine.Approval.DraftKind Kind,
    [property: Id(2)] int ThreadId,
    [property: Id(3)] string AgentId,
    [property: Id(4)] string Text,
    [property: Id(5)] IReadOnlyList<string> Reasons,
    [property: Id(6)] IReadOnlyList<string> Reviewers,
    [property: Id(7)] DateTimeOffset DraftedAt,
    [property: Id(8)] string Status,
    [property: Id(9)] string? DecidedBy = null,
    [property: Id(10)] DateTimeOffset? DecidedAt = null,
    [property: Id(11)] string? ApprovedText = null,
    [property: Id(12)] string? Comment = null,
    [property: Id(13)] string? MessageId = null);

/// <summary>One routing move: queued, assigned, unassigned or escalated; who did it, when and why.</summary>
[GenerateSerializer, Alias("engine.RoutingChangeView")]
public sealed record RoutingChangeView(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? AgentId,
    [property: Id(2)] string? QueueId,
    [property: Id(3)] int? Tier,
    [property: Id(4)] string By,
    [property: Id(5)] string? Reason,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] string? How = null);
