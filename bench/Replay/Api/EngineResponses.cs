namespace Engine.Replay;

// The parts of the engine's answers the replay reads; other fields are ignored.

public sealed record IngestAnswer(string Status, Guid ConversationId, int ThreadId, long Sequence, bool ConversationCreated);

public sealed record ConversationListAnswer(IReadOnlyList<ConversationListItem> Items, string? NextCursor);

public sealed record ConversationListItem(Guid Id, string Tenant, int MessageCount);

public sealed record ConversationAnswer(Guid Id, string Tenant, Guid? CustomerId, string Status, IReadOnlyList<ThreadAnswer> Threads, ClockAnswer Clock);

public sealed record ThreadAnswer(int ThreadId, string Channel, string Visibility, string ThreadKey, IReadOnlyList<MessageAnswer> Messages, ClockAnswer Clock);

public sealed record MessageAnswer(string PlatformMessageId, AuthorAnswer Author, string Text, DateTimeOffset PlatformTimestamp, string? InReplyTo);

public sealed record AuthorAnswer(string Kind, string Identity, string? DisplayName);

public sealed record ClockAnswer(TimeSpan? FirstResponse, int CustomerMessages, int AnsweredCustomerMessages);
