namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence;
using Engine.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>A data file written before the list rows had assignee, risk and listening still opens and lists.</summary>
public sealed class SqliteUpgradeTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-sqlite-old-{Guid.NewGuid():N}");

    [Fact]
    public async Task An_older_file_gains_the_new_list_columns_when_opened()
    {
        Directory.CreateDirectory(_directory);
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_directory, "engine.db")}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE conversations (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, customer_id TEXT, status INTEGER NOT NULL,
                    priority INTEGER NOT NULL, channels TEXT NOT NULL, message_count INTEGER NOT NULL, created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL, last_preview TEXT) WITHOUT ROWID;
                INSERT INTO conversations VALUES ('00000000-0000-0000-0000-000000000001', 'acme', NULL, 0, 1, ',X,', 1, 0, 0, 'old');
                """;
            create.ExecuteNonQuery();
        }
        SqliteConnection.ClearAllPools();

        await using var database = new SqliteDatabase(_directory);
        var store = new SqliteConversationStore(database, StoredPayloads.Standalone);
        var row = Assert.Single((await store.List("acme", new ConversationQuery(), CancellationToken.None)).Items);
        Assert.Equal(("old", null, null, false), (row.LastMessagePreview, row.Assignee, row.Risk, row.Listening));
        Assert.Single((await store.List("acme", new ConversationQuery(Listening: false), CancellationToken.None)).Items);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
