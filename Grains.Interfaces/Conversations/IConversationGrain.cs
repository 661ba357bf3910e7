namespace Engine.Conversations;

/// <summary>How a message reached this conversation, decided by the thread directory.</summary>
/// <param name="LinkedFrom">The resolved or closed conversation this one continues, if any.</param>
/// <param name="Minted">The directory made up this conversation id in the call that answered this route, so nothing is
/// stored under it yet. True only in that answer: a route kept for later messages says false.</param>
[GenerateSerializer, Immutable, Alias("engine.ThreadRoute")]
public sealed record ThreadRoute(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] string ThreadKey,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] Guid? LinkedFrom = null,
    [property: Id(4)] bool Minted = false);

[GenerateSerializer, Immutable, Alias("engine.ConversationIngestResult")]
public sealed record ConversationIngestResult(
    [property: Id(0)] IngestOutcome? Outcome,
    [property: Id(1)] bool NeedsNewConversation = false);

/// <summary>The case: one customer's conversation with one brand, across threads and channels. Key: conversation id.</summary>
[Alias("engine.IConversationGrain")]
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Stores an inbound message once. Answers <c>NeedsNewConversation</c> when this one is past reopening.</summary>
    Task<ConversationIngestResult> Ingest(InboundMessage message, ThreadRoute route);

    /// <summary>Where this conversation, or one it continues, already stored the message; null when none did.</summary>
    Task<IngestOutcome?> FindStored(InboundMessage message);

    /// <summary>Records, before its directory moves the thread to a new conversation, that this one no longer takes its
    /// messages (answering <c>NeedsNewConversation</c> for them). Idempotent; nothing for a thread it never had.</summary>
    Task MoveThreadOut(string tenant, ChannelKind channel, string threadKey);

    /// <summary>The conversation as its tenant sees it, or null if it does not exist for that tenant.</summary>
    Task<ConversationView?> Get(string tenant);

    /// <summary>Stores the reply, or holds it as a draft when the tenant's approval policy says so (<c>Held</c>).</summary>
    Task<CommandOutcome> Reply(string tenant, AgentReply reply);

    /// <summary>Sends a held draft as approved (or edited); a draft is decided once, a different second decision is a conflict.</summary>
    Task<CommandOutcome> ApproveDraft(string tenant, DraftApproval approval);

    /// <summary>Sends a held draft back to its agent with a comment; nothing is delivered.</summary>
    Task<CommandOutcome> RejectDraft(string tenant, DraftRejection rejection);

    Task<CommandOutcome> AddNote(string tenant, InternalNote note);

    /// <summary>Changes the status; snoozing may carry the instant it wakes.</summary>
    Task<CommandOutcome> ChangeStatus(string tenant, StatusChange change);

    /// <summary>Posts a public reply inviting the customer to continue privately, and hands the public thread off.</summary>
    Task<CommandOutcome> InvitePrivate(string tenant, PrivateInvite invite);

    /// <summary>Records a hand-over between apps (bot ↔ human) on one of its threads; the clocks do not restart.</summary>
    Task<CommandOutcome> RecordThreadControl(string tenant, ThreadControlChange change);

    /// <summary>Records how the delivery of one of its outbound messages ended; a repeated or late report changes nothing.</summary>
    Task<CommandOutcome> RecordDelivery(string tenant, Engine.Delivery.DeliveryReport report);

    /// <summary>Looks at the clocks now: records SLA warnings and breaches due, ends a due snooze, auto-resolves, and
    /// arms the next wake-up. Its timer and reminder call it; calling it again changes nothing.</summary>
    Task Wake();

    /// <summary>What routing needs to know: whether it needs an agent, what kind of work it is, who holds it.</summary>
    Task<ConversationRouting?> Routing(string tenant);

    /// <summary>Records that an agent took the conversation. Refused when someone else holds it and the agent won it by an offer.</summary>
    Task<CommandOutcome> RecordAssignment(string tenant, AssignmentRecord assignment);

    /// <summary>Puts the conversation in a queue (its last one when null): a transfer to a queue, or a returned assignment.</summary>
    Task<CommandOutcome> Requeue(string tenant, RequeueRequest request);

    /// <summary>Raises the tier it needs and queues it for an agent of that tier.</summary>
    Task<CommandOutcome> Escalate(string tenant, EscalationRequest request);

    /// <summary>Scores one of its customer messages again with the post's engagement velocity; the priority may rise.</summary>
    Task<CommandOutcome> RecordEngagement(string tenant, ChannelKind channel, string platformMessageId, Engine.Insight.EngagementVelocity velocity);
}

[GenerateSerializer, Alias("engine.ConversationRouting")]
public sealed record ConversationRouting(
    [property: Id(0)] ConversationStatus Status,
    [property: Id(1)] bool Active,
    [property: Id(2)] Engine.Agents.WorkKind Kind,
    [property: Id(3)] string? Assignee,
    [property: Id(4)] string? QueueId,
    [property: Id(5)] int Tier);

[GenerateSerializer, Alias("engine.AssignmentRecord")]
public sealed record AssignmentRecord(
    [property: Id(0)] string AgentId,
    [property: Id(1)] string? QueueId,
    [property: Id(2)] Engine.Agents.AssignmentKind How,
    [property: Id(3)] string By,
    [property: Id(4)] string? Reason);

/// <param name="OnlyFrom">When set, only if this agent still holds the conversation.</param>
[GenerateSerializer, Alias("engine.RequeueRequest")]
public sealed record RequeueRequest(
    [property: Id(0)] string? QueueId,
    [property: Id(1)] string By,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string? OnlyFrom = null);

[GenerateSerializer, Alias("engine.EscalationRequest")]
public sealed record EscalationRequest(
    [property: Id(0)] int ToTier,
    [property: Id(1)] string? QueueId,
    [property: Id(2)] string By,
    [property: Id(3)] string? Reason);
