namespace Engine.Gateway.Conversations;

using Engine.Conversations;

/// <summary>A message in the engine's normalized inbound format, as any source posts it.</summary>
public sealed record InboundMessageRequest(
    ChannelKind? Channel,
    Visibility? Visibility,
    string? PlatformMessageId,
    AuthorRequest? Author,
    string? Text,
    DateTimeOffset? Timestamp,
    string? ThreadKey = null,
    string? InReplyTo = null,
    IReadOnlyList<string>? Attachments = null,
    string? CustomerIdentity = null);

/// <param name="Followers">The author's follower count, when the source knows it (raises the message's risk).</param>
/// <param name="Verified">Whether the platform marks the author as verified.</param>
public sealed record AuthorRequest(AuthorKind? Kind, string? Id, string? Name = null, long? Followers = null, bool? Verified = null);

public sealed record IngestResponse(string Status, Guid ConversationId, int ThreadId, long Sequence, bool ConversationCreated);

/// <param name="CannedResponseId">The canned response the reply was written from; the engine records whether it was edited.</param>
public sealed record ReplyRequest(int? ThreadId, string? AgentId, string? Text, string? ClientMessageId = null, IReadOnlyList<string>? Attachments = null,
    string? CannedResponseId = null);

public sealed record ReplyResponse(Guid ConversationId, string MessageId, long Version);

public sealed record NoteRequest(string? AuthorId, string? Text);

public sealed record NoteResponse(Guid ConversationId, Guid NoteId, long Version);

/// <param name="Until">Only with status snoozed: when the conversation wakes (open again, back in its queue).</param>
/// <param name="PublicFollowUp">Only when resolving a conversation handed off to private: posted in the original public thread.</param>
public sealed record StatusRequest(ConversationStatus? Status, string? By, string? Reason = null, DateTimeOffset? Until = null,
    string? PublicFollowUp = null);

/// <summary>A public reply inviting the customer to continue privately on <see cref="Channel"/>.</summary>
public sealed record InvitePrivateRequest(int? ThreadId, string? AgentId, string? Text, ChannelKind? Channel,
    string? CaseReference = null, string? ClientMessageId = null);

public sealed record StatusResponse(Guid ConversationId, ConversationStatus Status, long Version);

public sealed record ConversationListResponse(IReadOnlyList<ConversationSummary> Items, string? NextCursor);
