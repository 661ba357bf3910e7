namespace Engine.Conversations;

/// <summary>
/// Where conversations are kept: an append-only event log per conversation, snapshots of the folded state, one
/// summary row per conversation for lists, and an index of platform message ids to their thread and conversation.
/// An append names the version it extends, so two writers of one conversation can never both succeed; the summary
/// and the index rows are written in the same transaction as the events.
/// </summary>
public interface IConversationStore
{
    /// <summary>The latest snapshot and every event after it.</summary>
    Task<ConversationLogRead> Load(Guid conversationId, CancellationToken cancellationToken);

    /// <param name="messages">The message index rows of these events (<see cref="MessageIndex.Fold"/>), under the summary's
    /// tenant. Stored only if the append is; a row whose (tenant, channel, id) is already indexed is left as it was.</param>
    /// <exception cref="ConversationVersionConflictException">The log is no longer at <paramref name="expectedVersion"/>.</exception>
    Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events,
        ConversationSummary summary, IReadOnlyList<IndexedMessage> messages, CancellationToken cancellationToken);

    /// <summary>The thread and conversation a platform message was stored in, if an append indexed it.</summary>
    Task<MessageThread?> FindMessage(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken);

    /// <summary>Replaces the conversation's snapshot if this one is newer.</summary>
    Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>A page of one tenant's conversations in <see cref="ConversationOrder"/>.</summary>
    Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken);

    /// <summary>Conversations per tenant and status, from the summary rows (one grouped query, for the census gauge).</summary>
    Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken);
}

public sealed class ConversationVersionConflictException(Guid conversationId, long expected)
    : Exception($"Conversation {conversationId} is no longer at version {expected}: another writer appended first.");

/// <summary>How many conversations of one tenant are in one status (the census behind <c>engine.conversations</c>).</summary>
public sealed record ConversationStatusCount(string Tenant, ConversationStatus Status, long Count);
