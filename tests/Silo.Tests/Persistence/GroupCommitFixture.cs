namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence;
using Engine.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

/// <summary>
/// What the group commit tests share: conversations to append, and a way to hold the writer's transaction open
/// (an exclusive lock on the table every write touches) so that writes queue up behind it and the next batch is
/// known exactly.
/// </summary>
public abstract class GroupCommitFixture(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    protected static readonly StoredPayloads Payloads = StoredPayloads.Standalone;

    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    protected readonly string ConnectionString = database.ConnectionString;
    protected readonly NpgsqlDataSource DataSource = NpgsqlDataSource.Create(database.ConnectionString);
    protected readonly string Tenant = $"t{Guid.NewGuid():N}"[..12];

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await DataSource.DisposeAsync();

    protected static GroupCommitWriter Writer(NpgsqlDataSource dataSource, int writers = 1) =>
        new(dataSource, new PostgresStoreOptions { Writers = writers, MaxBatch = 256 });

    /// <summary>A new conversation's first append: started, a thread, <paramref name="messages"/> messages.</summary>
    protected (List<ConversationEvent> Events, ConversationSummary Summary) NewConversation(Guid id, int messages, string text = "text")
    {
        var state = new ConversationState(id);
        var events = new List<ConversationEvent>
        {
            new ConversationStarted(T0, Tenant, Guid.NewGuid(), null),
            new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "thread"),
        };
        for (var i = 0; i < messages; i++)
            events.Add(new MessageAdded(T0, 1, $"m{i}", new MessageAuthor(AuthorKind.Customer, "x:1"), $"{text} {i}", T0.AddMinutes(i), null, []));
        foreach (var e in events) state.Apply(e);
        return (events, ConversationProjection.Summary(state));
    }

    protected static ConversationEvent Note(string text) => new NoteAdded(T0, Guid.NewGuid(), "agent", text);

    /// <summary>Holds an exclusive lock on the list table until disposed: a group write blocks on its upsert.</summary>
    protected Task<IAsyncDisposable> HoldListTable() => HoldTable("engine_conversations");

    /// <summary>Holds an exclusive lock on <paramref name="table"/> until disposed: a write to it blocks.</summary>
    protected async Task<IAsyncDisposable> HoldTable(string table)
    {
        var connection = await DataSource.OpenConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {table} IN EXCLUSIVE MODE", connection, transaction))
            await lockTable.ExecuteNonQueryAsync();
        return new Held(connection, transaction);
    }

    /// <summary>Waits until this many sessions of the database are blocked on a lock (the group writes in flight).</summary>
    protected async Task WaitForBlockedWrites(int count)
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var command = DataSource.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
            return (long)(await command.ExecuteScalarAsync())! >= count;
        }, TimeSpan.FromSeconds(10), $"{count} group writes never blocked on the held lock");
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }
}
