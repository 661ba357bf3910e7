namespace Engine.Persistence.Sqlite;

using Microsoft.Data.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on a thread of its own, so that no commit waits for it.
/// SQLite's automatic checkpoint runs inside the COMMIT that takes the log past its threshold: that commit copies the
/// pages and fsyncs the file, and with group commit every write queued behind it waits too, which showed as stalls of
/// 0.2-0.6 s in the ingest benchmark's tail. Here a PASSIVE checkpoint (it never waits for readers or the writer) runs
/// every <see cref="SqliteStoreOptions.CheckpointInterval"/> on its own connection; the writer keeps its own automatic
/// checkpoint at <see cref="SqliteStoreOptions.WriterCheckpointPages"/>, since only a checkpoint with no write in
/// between lets the log start over.
/// </summary>
public sealed class SqliteCheckpointer : IDisposable
{
    private readonly Func<SqliteConnection> _open;
    private readonly TimeSpan _interval;
    private readonly SqliteWriteCounts _counts;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    public SqliteCheckpointer(Func<SqliteConnection> open, TimeSpan interval, SqliteWriteCounts counts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _open = open;
        _interval = interval;
        _counts = counts;
        // A thread of its own: the checkpoint blocks on copying and fsync (Microsoft.Data.Sqlite is synchronous).
        _thread = new Thread(Loop) { IsBackground = true, Name = "SQLite checkpointer" };
        _thread.Start();
    }

    private void Loop()
    {
        using var connection = _open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!_stop.Wait(_interval))
        {
            try
            {
                checkpoint.ExecuteNonQuery();
                _counts.RecordCheckpoint();
            }
            catch (SqliteException)
            {
                // The next tick tries again; the writer's own threshold bounds the log meanwhile.
                _counts.RecordCheckpointFailure();
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
