namespace Engine.Tests.Persistence;

using Engine.Persistence.Postgres;
using Engine.Routing;
using Engine.Tests.Routing;
using Npgsql;

/// <summary>The queue store contract on a real PostgreSQL with the migrated schema (script 0007).</summary>
public sealed class PostgresQueueStoreTests(MigratedDatabase database) : QueueStoreContract, IClassFixture<MigratedDatabase>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    protected override IQueueStore Store => new PostgresQueueStore(_dataSource, Payloads);

    public void Dispose() => _dataSource.Dispose();
}
