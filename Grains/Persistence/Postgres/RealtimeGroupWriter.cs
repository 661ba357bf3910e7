namespace Engine.Persistence.Postgres;

using Npgsql;

/// <summary>
/// Group commit of real-time stream appends across streams, one per silo (<see cref="GroupWriteQueue{TWrite, TKey}"/>
/// with <c>engine_append_realtime</c>, script 0011): every stream an inbound message reaches (its conversation's, its
/// agent's) shares the transaction of the other streams written at that moment, instead of one transaction each.
/// </summary>
public sealed class RealtimeGroupWriter : IAsyncDisposable, IDisposable
{
    private readonly GroupWriteQueue<PendingStreamAppend, string> _queue;

    public RealtimeGroupWriter(NpgsqlDataSource dataSource, PostgresStoreOptions options) =>
        _queue = new(options.MaxBatch, options.Writers, a => a.Stream,
            (batch, cancellationToken) => StreamAppendCommands.Execute(dataSource, batch, cancellationToken),
            a => a.Conflict(), "real-time stream store");

    /// <summary>Group writes done so far (each one transaction), for tests and benchmarks.</summary>
    public long Batches => _queue.Batches;

    /// <summary>Stream appends those writes carried.</summary>
    public long Appends => _queue.Writes;

    /// <inheritdoc cref="GroupWriteQueue{TWrite, TKey}.Write"/>
    public Task Append(PendingStreamAppend append, CancellationToken cancellationToken) => _queue.Write(append, cancellationToken);

    /// <inheritdoc cref="GroupWriteQueue{TWrite, TKey}.DisposeAsync"/>
    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
