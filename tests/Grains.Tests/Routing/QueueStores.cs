namespace Engine.Tests.Routing;

using Engine.Persistence.Sqlite;
using Engine.Routing;

public sealed class InMemoryQueueStoreTests : QueueStoreContract
{
    protected override IQueueStore Store { get; } = new InMemoryQueueStore();
}

public sealed class SqliteQueueStoreTests : QueueStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-sqlite-{Guid.NewGuid():N}");

    public SqliteQueueStoreTests() => Store = new SqliteQueueStore(new SqliteDatabase(_directory), Payloads);

    protected override IQueueStore Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
