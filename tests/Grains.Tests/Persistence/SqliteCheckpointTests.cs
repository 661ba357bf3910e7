namespace Engine.Tests.Persistence;

using Engine.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

/// <summary>
/// With group commit the write-ahead log is moved into the file by a thread of its own, not by the commit that takes
/// the log past SQLite's threshold of 1,000 pages (which held every write queued behind it). Told apart by the log's
/// size: a commit that checkpoints starts the log over, so the file stays near 1,000 pages (4 MB).
/// </summary>
public sealed class SqliteCheckpointTests
{
    private const int Rows = 10_000;
    private const int RowBytes = 900;   // small enough to stay in the leaf (no overflow pages): ~10 MB of log in all
    private const long ThresholdBytes = 1_000 * 4_096;

    [Fact]
    public async Task With_the_checkpointer_held_off_no_commit_checkpoints_below_the_writers_own_threshold()
    {
        using var file = new TemporarySqliteFile(new SqliteStoreOptions
        {
            CheckpointInterval = TimeSpan.FromHours(1), WriterCheckpointPages = 100_000,
        });
        await WriteRows(file.Database);

        Assert.True(LogBytes(file) > 1.5 * ThresholdBytes, $"log of {LogBytes(file)} bytes");
        Assert.Equal(0, file.Database.Counts.Checkpoints);
    }

    [Fact]
    public async Task Without_the_checkpointer_commits_checkpoint_as_sqlite_does_by_default()
    {
        using var file = new TemporarySqliteFile(new SqliteStoreOptions { CheckpointInterval = TimeSpan.Zero });
        await WriteRows(file.Database);

        Assert.True(LogBytes(file) < 1.5 * ThresholdBytes, $"log of {LogBytes(file)} bytes");
    }

    [Fact]
    public async Task The_checkpointer_moves_the_whole_log_into_the_file_and_every_row_stays_readable()
    {
        using var file = new TemporarySqliteFile(new SqliteStoreOptions { CheckpointInterval = TimeSpan.FromMilliseconds(20) });
        await WriteRows(file.Database);
        var after = file.Database.Counts.Checkpoints;
        for (var i = 0; i < 200 && file.Database.Counts.Checkpoints < after + 2; i++) await Task.Delay(20);

        await using var connection = await file.Database.Open(CancellationToken.None);
        await using (var checkpoint = connection.CreateCommand())
        {
            // A PASSIVE checkpoint of our own finds nothing left to move: the log's pages (column 1) are all in the
            // file (column 2) already.
            checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await using var reader = await checkpoint.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetInt64(1) > 0, "the log held pages");
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(2));
        }
        Assert.True(file.Database.Counts.Checkpoints >= after + 2);
        Assert.Equal(0, file.Database.Counts.CheckpointFailures);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM realtime_events WHERE stream = 'checkpoint-test'";
        Assert.Equal(Rows, (long)(await count.ExecuteScalarAsync())!);
    }

    private static Task WriteRows(SqliteDatabase database) =>
        Task.WhenAll(Enumerable.Range(1, Rows).Select(seq => database.Write(session =>
        {
            var insert = session.Command("INSERT INTO realtime_events (stream, seq, payload) VALUES ('checkpoint-test', $seq, $payload)");
            insert.Parameters.AddWithValue("$seq", seq);
            insert.Parameters.AddWithValue("$payload", new byte[RowBytes]);
            return insert.ExecuteNonQuery();
        }, CancellationToken.None)));

    private static long LogBytes(TemporarySqliteFile file) => new FileInfo(file.Database.Path + "-wal").Length;
}
