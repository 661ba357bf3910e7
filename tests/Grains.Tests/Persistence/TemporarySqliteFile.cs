namespace Engine.Tests.Persistence;

using Engine.Persistence.Sqlite;

/// <summary>An embedded store's file in a folder of its own, removed with the test class.</summary>
public sealed class TemporarySqliteFile(SqliteStoreOptions? options = null) : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-sqlite-{Guid.NewGuid():N}");

    public SqliteDatabase Database => _database ??= new SqliteDatabase(_directory, options);
    private SqliteDatabase? _database;

    public string Directory => _directory;

    public void Dispose()
    {
        // Drains and stops the group writer (its thread and connection) before the file goes.
        _database?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (System.IO.Directory.Exists(_directory))
            System.IO.Directory.Delete(_directory, recursive: true);
    }
}
