namespace Engine.Persistence.Sqlite;

/// <summary>How the embedded SQLite store writes, from the <c>Storage:Sqlite</c> configuration section.</summary>
public sealed class SqliteStoreOptions
{
    public const string Section = "Storage:Sqlite";

    /// <summary>
    /// Every write (conversation appends, stream rows, grain state, queue partitions, reminders) goes through one
    /// writer, which puts whatever is waiting into one transaction: one commit (one fsync) for many writes. Off: each
    /// write is its own transaction on its own connection, as before group commit.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>At most this many writes in one transaction.</summary>
    public int MaxBatch { get; set; } = 256;

    /// <summary>
    /// With group commit, how often a thread of its own moves the write-ahead log into the file
    /// (<see cref="SqliteCheckpointer"/>), so that commits copy less of it. Zero (the default): SQLite's automatic
    /// checkpoint inside the commit that takes the log past 1,000 pages. Measured both ways without a gain that
    /// outlasted the machine's noise (docs/BENCHMARKS.md, "Checkpoints off the commit path"), so off.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// While the background checkpoint runs, the log's size in pages at which the writer's own commit checkpoints (and
    /// the log starts over: only a checkpoint with no write in between lets it). SQLite's default is 1,000.
    /// </summary>
    public int WriterCheckpointPages { get; set; } = 4_000;
}
