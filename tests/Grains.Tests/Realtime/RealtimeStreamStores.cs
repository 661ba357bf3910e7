namespace Engine.Tests.Realtime;

using Engine.Persistence.Sqlite;
using Engine.Realtime;

public sealed class InMemoryRealtimeStreamStoreTests : RealtimeStreamStoreContract
{
    protected override IRealtimeStreamStore Store { get; } = new InMemoryRealtimeStreamStore();
}

public sealed class SqliteRealtimeStreamStoreTests : RealtimeStreamStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-sqlite-{Guid.NewGuid():N}");

    public SqliteRealtimeStreamStoreTests() => Store = new SqliteRealtimeStreamStore(new SqliteDatabase(_directory), Payloads);

    protected override IRealtimeStreamStore Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
