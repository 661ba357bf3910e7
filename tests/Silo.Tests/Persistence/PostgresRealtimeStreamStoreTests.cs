namespace Engine.Tests.Persistence;

using Engine.Persistence.Postgres;
using Engine.Realtime;
using Engine.Tests.Realtime;
using Npgsql;

/// <summary>The real-time stream store contract on a real PostgreSQL with the migrated schema (script 0010).</summary>
public sealed class PostgresRealtimeStreamStoreTests(MigratedDatabase database)
    : RealtimeStreamStoreContract, IClassFixture<MigratedDatabase>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    protected override IRealtimeStreamStore Store => new PostgresRealtimeStreamStore(_dataSource, Payloads);

    public void Dispose() => _dataSource.Dispose();
}
