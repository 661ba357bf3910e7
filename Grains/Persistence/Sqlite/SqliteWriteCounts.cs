namespace Engine.Persistence.Sqlite;

using Engine.Telemetry;

/// <summary>Commits and the writes they carried, for tests, benchmarks and the <c>engine.sqlite.*</c> metrics.</summary>
public sealed class SqliteWriteCounts
{
    private long _commits;
    private long _writes;

    /// <summary>Write transactions committed.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Writes those transactions carried.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    private long _checkpoints;
    private long _checkpointFailures;

    /// <summary>Background checkpoints run (<see cref="SqliteCheckpointer"/>), and those that failed.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public long CheckpointFailures => Interlocked.Read(ref _checkpointFailures);

    public void RecordCheckpoint() => Interlocked.Increment(ref _checkpoints);

    public void RecordCheckpointFailure()
    {
        Interlocked.Increment(ref _checkpointFailures);
        EngineTelemetry.SqliteCheckpointFailures.Add(1);
    }

    public void Record(int writes)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
        EngineTelemetry.SqliteCommits.Add(1);
        EngineTelemetry.SqliteWrites.Add(writes);
    }
}
