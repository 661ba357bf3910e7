namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence.Postgres;
using Npgsql;

/// <summary>The conversation store contract on a real PostgreSQL with the migrated schema (script 0005).</summary>
public sealed class PostgresConversationStoreTests(MigratedDatabase database)
    : DurableConversationStoreContract, IClassFixture<MigratedDatabase>, IDisposable
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);

    protected override IConversationStore Store => new PostgresConversationStore(_dataSource, Payloads);

    public void Dispose() => _dataSource.Dispose();
}
