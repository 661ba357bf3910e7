namespace Engine.Persistence.Sqlite;

using System.Threading.Channels;
using Microsoft.Data.Sqlite;

/// <summary>
/// Group commit for the SQLite file: the one writer of it. Writes of any store queue here; a dedicated thread takes
/// everything queued (up to <see cref="SqliteStoreOptions.MaxBatch"/>), runs it in one transaction and commits once,
/// so one fsync (<c>synchronous=FULL</c>) carries many writes, and no pool thread blocks on SQLite's single writer.
/// Each write runs inside its own SAVEPOINT: if it fails (a version or ETag conflict), only it is rolled back and only
/// its caller hears the failure; if the transaction itself fails, every caller of the batch does. Callers are answered
/// after the COMMIT, so a read started after that sees the write (WAL readers see every committed transaction).
/// </summary>
public sealed class SqliteGroupWriter : IAsyncDisposable, IDisposable
{
    private readonly Func<SqliteConnection> _open;
    private readonly int _maxBatch;
    private readonly SqliteWriteCounts _counts;
    // Synchronous continuations: the only waiter is this writer's blocked thread, so a caller's TryWrite wakes it
    // directly instead of through a thread-pool work item (which a busy pool would delay).
    private readonly Channel<PendingSqliteWrite> _queue = Channel.CreateUnbounded<PendingSqliteWrite>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteWriteSession? _session;

    public SqliteGroupWriter(Func<SqliteConnection> open, int maxBatch, SqliteWriteCounts counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _open = open;
        _maxBatch = maxBatch;
        _counts = counts;
        // A thread of its own: every statement here blocks (Microsoft.Data.Sqlite is synchronous), fsync included.
        new Thread(WriteLoop) { IsBackground = true, Name = "SQLite group writer" }.Start();
    }

    /// <summary>
    /// Queues the write and completes when the transaction carrying it has committed. Cancelling stops the wait; if
    /// the writer had already taken the write, whether it was stored is unknown (as with any cancelled command).
    /// </summary>
    public async Task<T> Write<T>(Func<SqliteWriteSession, T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingSqliteWrite<T>(write);
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(SqliteGroupWriter), "The SQLite store is shutting down.");
        if (!cancellationToken.CanBeCanceled)
            return await pending.Completion;
        await using var registration = cancellationToken.Register(() => pending.Cancel(cancellationToken));
        return await pending.Completion;
    }

    private void WriteLoop()
    {
        var batch = new List<PendingSqliteWrite>(_maxBatch);
        var failures = new List<Exception?>(_maxBatch);
        var reader = _queue.Reader;
        try
        {
            while (WaitToRead(reader))
            {
                batch.Clear();
                while (batch.Count < _maxBatch && reader.TryRead(out var write))
                    if (!write.Abandoned) batch.Add(write);
                if (batch.Count > 0) Commit(batch, failures);
            }
        }
        finally
        {
            // Only reached when the queue is completed and empty, unless this loop has a bug: then nothing queued
            // may wait forever, so the queue is closed and what is left is failed.
            _queue.Writer.TryComplete();
            while (reader.TryRead(out var left))
                left.Fail(new ObjectDisposedException(nameof(SqliteGroupWriter), "The SQLite writer stopped."));
            _session?.Dispose();
            _stopped.TrySetResult();
        }
    }

    private static bool WaitToRead(ChannelReader<PendingSqliteWrite> reader)
    {
        var waiting = reader.WaitToReadAsync();
        return waiting.IsCompleted ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    private void Commit(List<PendingSqliteWrite> batch, List<Exception?> failures)
    {
        failures.Clear();
        try
        {
            var session = _session ??= new SqliteWriteSession(_open());
            session.Execute("BEGIN IMMEDIATE");
            foreach (var write in batch)
                failures.Add(RunOne(session, write));
            session.Execute("COMMIT");
        }
        catch (Exception e)
        {
            // The transaction is lost (or was never begun): nothing of the batch is stored. A fresh connection next
            // time, so no half-open transaction or broken handle is carried into the next batch.
            Discard();
            foreach (var write in batch) write.Fail(e);
            return;
        }
        _counts.Record(batch.Count);
        for (var i = 0; i < batch.Count; i++) batch[i].Committed(failures[i]);
    }

    /// <summary>
    /// The write inside its own savepoint. Its exception (a conflict, a constraint) undoes only its statements and is
    /// its caller's answer. If even the rollback to the savepoint fails, SQLite has ended the transaction (disk full,
    /// I/O error): that escapes and fails the whole batch.
    /// </summary>
    private static Exception? RunOne(SqliteWriteSession session, PendingSqliteWrite write)
    {
        session.Execute("SAVEPOINT w");
        try
        {
            write.Run(session);
        }
        catch (Exception e) when (e is not SqliteException sqlite || sqlite.SqliteErrorCode == SqliteConstraint)
        {
            session.Execute("ROLLBACK TO w");
            session.Execute("RELEASE w");
            return e;
        }
        session.Execute("RELEASE w");
        return null;
    }

    private const int SqliteConstraint = 19;

    private void Discard()
    {
        try
        {
            _session?.Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // No transaction was open, or the connection is broken; it is closed below either way.
        }
        _session?.Dispose();
        _session = null;
    }

    /// <summary>Takes no more writes and returns once everything queued before has been committed or failed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task;
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
