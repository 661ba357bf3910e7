namespace Engine.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Conversations;

/// <summary>The memory conversation store, counting each conversation's reads and failing an append when told to.</summary>
public sealed class RecordingConversationStore : IConversationStore
{
    private readonly InMemoryConversationStore _inner = new(Engine.Persistence.StoredPayloads.Standalone);
    private readonly ConcurrentDictionary<Guid, int> _loads = new();
    private Exception? _nextAppendFailure;

    public int LoadsOf(Guid id) => _loads.GetValueOrDefault(id);

    /// <summary>While set, a snapshot write waits until its caller cancels it (a slow store at shutdown).</summary>
    public bool HoldSnapshots { get; set; }

    /// <summary>Snapshot writes asked for.</summary>
    public int SnapshotWrites => _snapshotWrites;

    private int _snapshotWrites;

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

    public async Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _snapshotWrites);
        if (HoldSnapshots)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        await _inner.SaveSnapshot(conversationId, snapshot, cancellationToken);
    }

    public Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken) =>
        _inner.List(tenant, query, cancellationToken);

    public Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken) =>
        _inner.CountByStatus(cancellationToken);
}
