namespace Engine.Persistence.Postgres;

using Engine.Conversations;
using Npgsql;

/// <summary>
/// Group commit of conversation appends across conversations, one per silo (<see cref="GroupWriteQueue{TWrite, TKey}"/>
/// with <c>engine_append_conversations</c>, script 0009): up to <see cref="PostgresStoreOptions.MaxBatch"/>
/// conversations per transaction, a version conflict failing only its own append.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable, IDisposable
{
    private static readonly IReadOnlySet<int> NoConflicts = new HashSet<int>();
    private static readonly IReadOnlySet<int> FirstConflicts = new HashSet<int> { 0 };

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupWriteQueue<PendingAppend, Guid> _queue;

    public GroupCommitWriter(NpgsqlDataSource dataSource, PostgresStoreOptions options)
    {
        _dataSource = dataSource;
        _queue = new(options.MaxBatch, options.Writers, a => a.ConversationId, Write,
            a => new ConversationVersionConflictException(a.ConversationId, a.ExpectedVersion), "conversation store");
    }

    /// <summary>Group writes done so far (each one transaction), for tests and benchmarks.</summary>
    public long Batches => _queue.Batches;

    /// <summary>Appends those writes carried.</summary>
    public long Appends => _queue.Writes;

    /// <inheritdoc cref="GroupWriteQueue{TWrite, TKey}.Write"/>
    public Task Append(PendingAppend append, CancellationToken cancellationToken) => _queue.Write(append, cancellationToken);

    // A lone append (low load) takes the plain two-statement batch: same guarantees, less work than the group call.
    private async Task<IReadOnlySet<int>> Write(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        if (batch.Count > 1) return await GroupAppendCommand.Execute(_dataSource, batch, cancellationToken);
        try
        {
            await SingleAppendCommand.Execute(_dataSource, batch[0], cancellationToken);
            return NoConflicts;
        }
        catch (ConversationVersionConflictException)
        {
            return FirstConflicts;
        }
    }

    /// <inheritdoc cref="GroupWriteQueue{TWrite, TKey}.DisposeAsync"/>
    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
