namespace Engine.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Conversations;

/// <summary>The memory conversation store, counting each conversation's reads and failing an append when told to.</summary>
public sealed class RecordingConversationStore : IConversationStore
{
    private readonly InMemoryConversationStore _inner = new();
    private readonly ConcurrentDictionary<Guid, int> _loads = new();
    private Exception? _nextAppendFailure;

    public int LoadsOf(Guid id) => _loads.GetValueOrDefault(id);

    /// <summary>The next append throws this instead of storing anything.</summary>
    public void FailNextAppend(Exception failure) => _nextAppendFailure = failure;

    public Task<ConversationLogRead> Load(Guid conversationId, CancellationToken cancellationToken)
    {
        _loads.AddOrUpdate(conversationId, 1, (_, n) => n + 1);
        return _inner.Load(conversationId, cancellationToken);
    }

    public Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events, ConversationSummary summary,
        IReadOnlyList<IndexedMessage> messages, CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _nextAppendFailure, null) is { } failure
            ? Task.FromException(failure)
            : _inner.Append(conversationId, expectedVersion, events, summary, messages, cancellationToken);

    public Task<MessageThread?> FindMessage(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken) =>
        _inner.FindMessage(tenant, channel, platformMessageId, cancellationToken);

    public Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken) =>
        _inner.SaveSnapshot(conversationId, snapshot, cancellationToken);

    public Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken) =>
        _inner.List(tenant, query, cancellationToken);

    public Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken) =>
        _inner.CountByStatus(cancellationToken);
}
