namespace Engine.Persistence.Postgres;

using System.Threading.Channels;
using Engine.Conversations;
using Npgsql;

/// <summary>
/// Group commit across conversations, one per silo: appends queue here, and each of a few writer loops takes
/// everything queued (up to <see cref="PostgresStoreOptions.MaxBatch"/> conversations) and writes it in one round trip
/// and one transaction. A lone append goes at once (a writer is waiting for it); under load, appends gather while a
/// write is in flight, so one WAL flush carries many messages. Each caller is answered only after the transaction
/// that carries its append has committed: a version conflict fails only that append, any other error every append of
/// the batch.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly IReadOnlySet<int> NoConflicts = new HashSet<int>();
    private static readonly IReadOnlySet<int> FirstConflicts = new HashSet<int> { 0 };

    private readonly NpgsqlDataSource _dataSource;
    private readonly int _maxBatch;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;
    private long _batches;
    private long _appends;

    public GroupCommitWriter(NpgsqlDataSource dataSource, PostgresStoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Writers, 1);
        _dataSource = dataSource;
        _maxBatch = options.MaxBatch;
        _writers = Enumerable.Range(0, options.Writers).Select(_ => Task.Run(WriteLoop)).ToArray();
    }

    /// <summary>Group writes done so far (each one transaction), for tests and benchmarks.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Appends those writes carried.</summary>
    public long Appends => Interlocked.Read(ref _appends);

    /// <summary>
    /// Queues the append and completes when it is stored. Cancelling stops the wait; if the append was already in a
    /// write, whether it was stored is unknown (as with any cancelled command), so the caller must reload.
    /// </summary>
    public async Task Append(PendingAppend append, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_queue.Writer.TryWrite(append))
            throw new ObjectDisposedException(nameof(GroupCommitWriter), "The conversation store is shutting down.");
        if (!cancellationToken.CanBeCanceled)
        {
            await append.Completion;
            return;
        }
        await using var registration = cancellationToken.Register(() => append.Cancel(cancellationToken));
        await append.Completion;
    }

    private async Task WriteLoop()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var conversations = new HashSet<Guid>();
        // A second append of a conversation already in the batch (only possible with two activations of it) waits
        // for this writer's next batch: the database call takes each conversation once.
        var carried = new List<PendingAppend>();
        var reader = _queue.Reader;
        while (carried.Count > 0 || await reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            conversations.Clear();
            var waiting = carried.ToArray();
            carried.Clear();
            foreach (var append in waiting) Take(append, batch, conversations, carried);
            while (batch.Count < _maxBatch && reader.TryRead(out var append)) Take(append, batch, conversations, carried);
            if (batch.Count > 0)
                await Write(batch);
        }
    }

    private void Take(PendingAppend append, List<PendingAppend> batch, HashSet<Guid> conversations, List<PendingAppend> carried)
    {
        if (append.Abandoned) return;
        if (batch.Count < _maxBatch && conversations.Add(append.ConversationId)) batch.Add(append);
        else carried.Add(append);
    }

    private async Task Write(List<PendingAppend> batch)
    {
        try
        {
            // A lone append (low load) takes the plain two-statement batch: same guarantees, less work than the group call.
            var conflicted = batch.Count == 1
                ? await WriteOne(batch[0])
                : await GroupAppendCommand.Execute(_dataSource, batch, _stopping.Token);
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _appends, batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                if (conflicted.Contains(i))
                    batch[i].Fail(new ConversationVersionConflictException(batch[i].ConversationId, batch[i].ExpectedVersion));
                else
                    batch[i].Stored();
            }
        }
        catch (Exception e)
        {
            foreach (var append in batch) append.Fail(e);
        }
    }

    private async Task<IReadOnlySet<int>> WriteOne(PendingAppend append)
    {
        try
        {
            await SingleAppendCommand.Execute(_dataSource, append, _stopping.Token);
            return NoConflicts;
        }
        catch (ConversationVersionConflictException)
        {
            return FirstConflicts;
        }
    }

    /// <summary>Takes no more appends, writes what is queued (for up to 10 s), then cancels what is still in flight.</summary>
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

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
