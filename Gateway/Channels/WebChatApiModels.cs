namespace Engine.Gateway.Channels;

using Engine.Conversations;

public sealed record WebChatSessionRequest(string? Name = null, string? Email = null);

public sealed record WebChatSessionResponse(string VisitorId, string Token, DateTimeOffset ExpiresAt);

public sealed record WebChatMessageRequest(string? Text, string? ClientMessageId = null);

public sealed record WebChatMessageResponse(Guid ConversationId, int ThreadId, long Sequence, string Status);

public sealed record WebChatAuthorView(AuthorKind Kind, string? DisplayName);

public sealed record WebChatMessageView(string PlatformMessageId, MessageDirection Direction, string Text, WebChatAuthorView Author, DateTimeOffset At);

public sealed record WebChatConversationResponse(Guid? ConversationId, IReadOnlyList<WebChatMessageView> Messages);
