namespace Engine.Tests.Routing;

using Engine.Persistence.Sqlite;
using Engine.Tests.Persistence;
using Engine.Routing;

public sealed class InMemoryQueueStoreTests : QueueStoreContract
{
    protected override IQueueStore Store { get; } = new InMemoryQueueStore();
}

public sealed class SqliteQueueStoreTests : QueueStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new();

    public SqliteQueueStoreTests() => Store = new SqliteQueueStore(_file.Database, Payloads);

    protected override IQueueStore Store { get; }

    public void Dispose() => _file.Dispose();
}
