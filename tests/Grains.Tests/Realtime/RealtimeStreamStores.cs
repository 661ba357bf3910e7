namespace Engine.Tests.Realtime;

using Engine.Persistence.Sqlite;
using Engine.Tests.Persistence;
using Engine.Realtime;

public sealed class InMemoryRealtimeStreamStoreTests : RealtimeStreamStoreContract
{
    protected override IRealtimeStreamStore Store { get; } = new InMemoryRealtimeStreamStore(Engine.Persistence.StoredPayloads.Standalone);
}

public sealed class SqliteRealtimeStreamStoreTests : RealtimeStreamStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new();

    public SqliteRealtimeStreamStoreTests() => Store = new SqliteRealtimeStreamStore(_file.Database, Payloads);

    protected override IRealtimeStreamStore Store { get; }

    public void Dispose() => _file.Dispose();
}

/// <summary>The same contract with group commit off.</summary>
public sealed class SqliteRealtimeStreamStoreWithoutGroupCommitTests : RealtimeStreamStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new(new SqliteStoreOptions { GroupCommit = false });

    public SqliteRealtimeStreamStoreWithoutGroupCommitTests() => Store = new SqliteRealtimeStreamStore(_file.Database, Payloads);

    protected override IRealtimeStreamStore Store { get; }

    public void Dispose() => _file.Dispose();
}
