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

/// <summary>The same contract with group commit on (the production default): appends go through script 0009.</summary>
public sealed class PostgresGroupCommitConversationStoreTests(MigratedDatabase database)
    : DurableConversationStoreContract, IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
    private GroupCommitWriter? _writer;

    protected override IConversationStore Store => new PostgresConversationStore(_dataSource, Payloads,
        _writer ??= new GroupCommitWriter(_dataSource, new PostgresStoreOptions()));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
