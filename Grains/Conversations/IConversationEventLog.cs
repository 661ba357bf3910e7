namespace Engine.Conversations;

/// <summary>
/// Where conversation events are kept: an append-only log per conversation. An append names the version it
/// extends, so two writers of one conversation can never both succeed.
/// </summary>
public interface IConversationEventLog
{
    Task<IReadOnlyList<ConversationEvent>> Load(Guid conversationId, CancellationToken cancellationToken);

    /// <exception cref="ConversationVersionConflictException">The log is no longer at <paramref name="expectedVersion"/>.</exception>
    Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken);
}

public sealed class ConversationVersionConflictException(Guid conversationId, long expected, long actual)
    : Exception($"Conversation {conversationId} is at version {actual}, not {expected}.");
