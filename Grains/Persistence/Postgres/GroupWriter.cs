namespace Engine.Persistence.Postgres;

/// <summary>
/// One kind of group-committed write of a silo (<see cref="GroupWriteQueue{TWrite, TKey}"/>): a singleton that stores
/// give their writes to, with the counts tests and benchmarks read.
/// </summary>
public abstract class GroupWriter<TWrite, TKey>(GroupWriteQueue<TWrite, TKey> queue) : IAsyncDisposable, IDisposable
    where TWrite : PendingWrite
    where TKey : notnull
{
    /// <summary>Group writes done so far (each one transaction), for tests and benchmarks.</summary>
    public long Batches => queue.Batches;

    /// <summary>Writes those group writes carried.</summary>
    public long Appends => queue.Writes;

    /// <inheritdoc cref="GroupWriteQueue{TWrite, TKey}.Write"/>
    public Task Append(TWrite write, CancellationToken cancellationToken) => queue.Write(write, cancellationToken);

    /// <inheritdoc cref="GroupWriteQueue{TWrite, TKey}.DisposeAsync"/>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return queue.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
