namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence.Sqlite;

public sealed class InMemoryConversationStoreTests : ConversationStoreContract
{
    protected override IConversationStore Store { get; } = new InMemoryConversationStore();
}

public sealed class SqliteConversationStoreTests : DurableConversationStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new();

    public SqliteConversationStoreTests() => Store = new SqliteConversationStore(_file.Database, Payloads);

    protected override IConversationStore Store { get; }

    public void Dispose() => _file.Dispose();
}
