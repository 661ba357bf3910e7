namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence.Sqlite;

public sealed class InMemoryConversationStoreTests : ConversationStoreContract
{
    protected override IConversationStore Store { get; } = new InMemoryConversationStore();
}

public sealed class SqliteConversationStoreTests : DurableConversationStoreContract, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-sqlite-{Guid.NewGuid():N}");

    public SqliteConversationStoreTests() => Store = new SqliteConversationStore(new SqliteDatabase(_directory), Payloads);

    protected override IConversationStore Store { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
