namespace Engine.Tests.Persistence;

using Engine.Persistence.Sqlite;

/// <summary>An embedded store's file in a folder of its own, removed with the test class.</summary>
public sealed class TemporarySqliteFile : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-sqlite-{Guid.NewGuid():N}");

    public TemporarySqliteFile() => Database = new SqliteDatabase(_directory);

    public SqliteDatabase Database { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
