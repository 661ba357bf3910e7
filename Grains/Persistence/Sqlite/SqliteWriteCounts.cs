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

    public void Record(int writes)
    {
        Interlocked.Increment(ref _commits);
        Interlocked.Add(ref _writes, writes);
        EngineTelemetry.SqliteCommits.Add(1);
        EngineTelemetry.SqliteWrites.Add(writes);
    }
}
