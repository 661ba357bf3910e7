namespace Engine.Tests.Persistence;

using Engine.Persistence.Postgres;
using Engine.Realtime;
using Engine.Tests.Realtime;
using Npgsql;

/// <summary>The real-time stream store contract on a real PostgreSQL with the migrated schema (script 0010), each write alone.</summary>
public sealed class PostgresRealtimeStreamStoreTests(MigratedDatabase database)
    : RealtimeStreamStoreContract, IClassFixture<MigratedDatabase>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    protected override IRealtimeStreamStore Store => new PostgresRealtimeStreamStore(_dataSource, Payloads);

    public void Dispose() => _dataSource.Dispose();
}

/// <summary>The same contract with the writes going through group commit (script 0011), as a silo runs it.</summary>
public sealed class PostgresRealtimeStreamStoreGroupCommitTests(MigratedDatabase database)
    : RealtimeStreamStoreContract, IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
    private RealtimeGroupWriter? _writer;

    protected override IRealtimeStreamStore Store => new PostgresRealtimeStreamStore(_dataSource, Payloads,
        _writer ??= new RealtimeGroupWriter(_dataSource, new PostgresStoreOptions()));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
