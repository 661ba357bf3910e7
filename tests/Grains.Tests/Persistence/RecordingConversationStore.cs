namespace Engine.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Conversations;

/// <summary>The memory conversation store, counting each conversation's reads and failing an append when told to.</summary>
public sealed class RecordingConversationStore : IConversationStore
{
    private readonly InMemoryConversationStore _inner = new(ConversationStoreContract.Payloads);
    private readonly ConcurrentDictionary<Guid, int> _loads = new();
    private Exception? _nextAppendFailure;

    public int LoadsOf(Guid id) => _loads.GetValueOrDefault(id);

    /// <summary>While set, a snapshot write waits until its caller cancels it (a slow store at shutdown).</summary>
    public bool HoldSnapshots { get; set; }

    /// <summary>Snapshot writes asked for, and those that were waiting when their caller cancelled them.</summary>
    public int SnapshotWrites => _snapshotWrites;

    public int SnapshotsCancelled => _snapshotsCancelled;

    private int _snapshotWrites;
    private int _snapshotsCancelled;

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
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _snapshotsCancelled);
                throw;
            }
        }
        await _inner.SaveSnapshot(conversationId, snapshot, cancellationToken);
    }

    public Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken) =>
        _inner.List(tenant, query, cancellationToken);

    public Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken) =>
        _inner.CountByStatus(cancellationToken);
}
