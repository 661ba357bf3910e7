namespace Engine.Persistence.Postgres;

using System.Threading.Channels;

/// <summary>
/// Group commit, one queue per kind of write and silo: writes queue here, and each of a few writer loops takes
/// everything queued (up to a batch's size, each key at most once) and hands it to one database call, one round trip
/// and one transaction. A lone write goes at once (a writer is waiting for it); under load, writes gather while a call
/// is in flight, so one WAL flush carries many. Each caller is answered only after the transaction that carries its
/// write has committed: a conflict (another writer of the same key got there first) fails only that write, any other
/// error every write of the batch.
/// </summary>
/// <typeparam name="TKey">What a call may take only once (a conversation, a stream): a second write of it waits for the next call.</typeparam>
public sealed class GroupWriteQueue<TWrite, TKey> : IAsyncDisposable
    where TWrite : PendingWrite
    where TKey : notnull
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Writes a batch and answers the positions (0-based) of the writes refused for a conflict.</summary>
    public delegate Task<IReadOnlySet<int>> BatchWrite(IReadOnlyList<TWrite> batch, CancellationToken cancellationToken);

    private readonly int _maxBatch;
    private readonly Func<TWrite, TKey> _keyOf;
    private readonly BatchWrite _write;
    private readonly Func<TWrite, Exception> _conflict;
    private readonly string _name;
    private readonly Channel<TWrite> _queue = Channel.CreateUnbounded<TWrite>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;
    private long _batches;
    private long _writes;

    /// <param name="name">What the queue stores, for the error a write gets after shutdown.</param>
    public GroupWriteQueue(int maxBatch, int writers, Func<TWrite, TKey> keyOf, BatchWrite write, Func<TWrite, Exception> conflict, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        (_maxBatch, _keyOf, _write, _conflict, _name) = (maxBatch, keyOf, write, conflict, name);
        _writers = Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoop)).ToArray();
    }

    /// <summary>Database calls made so far (each one transaction), for tests and benchmarks.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Writes those calls carried.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>
    /// Queues the write and completes when it is stored. Cancelling stops the wait; if the write was already in a
    /// call, whether it was stored is unknown (as with any cancelled command), so the caller must reload.
    /// </summary>
    public async Task Write(TWrite write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(write))
            throw new ObjectDisposedException(_name, $"The {_name} is shutting down.");
        if (!cancellationToken.CanBeCanceled)
        {
            await write.Completion;
            return;
        }
        await using var registration = cancellationToken.Register(() => write.Cancel(cancellationToken));
        await write.Completion;
    }

    private async Task WriteLoop()
    {
        var batch = new List<TWrite>(_maxBatch);
        var keys = new HashSet<TKey>();
        // A second write of a key already in the batch (e.g. two activations of one grain) waits for this writer's next batch.
        var carried = new List<TWrite>();
        var reader = _queue.Reader;
        while (carried.Count > 0 || await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            keys.Clear();
            var waiting = carried.ToArray();
            carried.Clear();
            foreach (var write in waiting) Take(write, batch, keys, carried);
            while (batch.Count < _maxBatch && reader.TryRead(out var write)) Take(write, batch, keys, carried);
            if (batch.Count > 0)
                await Write(batch);
        }
    }

    private void Take(TWrite write, List<TWrite> batch, HashSet<TKey> keys, List<TWrite> carried)
    {
        if (write.Abandoned) return;
        if (batch.Count < _maxBatch && keys.Add(_keyOf(write))) batch.Add(write);
        else carried.Add(write);
    }

    private async Task Write(List<TWrite> batch)
    {
        try
        {
            var conflicted = await _write(batch, _stopping.Token);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _writes, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (conflicted.Contains(i)) batch[i].Fail(_conflict(batch[i]));
                else batch[i].Stored();
            }
        }
        catch (Exception e)
        {
            foreach (var write in batch) write.Fail(e);
        }
    }

    /// <summary>Takes no more writes, writes what is queued (for up to 10 s), then cancels what is still in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_queue.Writer.TryComplete())
        {
            await Task.WhenAll(_writers);
            return;
        }
        var drained = Task.WhenAll(_writers);
        if (await Task.WhenAny(drained, Task.Delay(DrainTimeout)) != drained)
        {
            await _stopping.CancelAsync();
            await drained;
        }
        _stopping.Dispose();
    }
}
