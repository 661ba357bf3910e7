namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence.Sqlite;

public sealed class InMemoryConversationStoreTests : ConversationStoreContract
{
    protected override IConversationStore Store { get; } = new InMemoryConversationStore(Payloads);
}

public sealed class SqliteConversationStoreTests : DurableConversationStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new();

    public SqliteConversationStoreTests() => Store = new SqliteConversationStore(_file.Database, Payloads);

    protected override IConversationStore Store { get; }

    public void Dispose() => _file.Dispose();
}

/// <summary>The same contract with group commit off: each write its own transaction, as before group commit.</summary>
public sealed class SqliteConversationStoreWithoutGroupCommitTests : DurableConversationStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new(new SqliteStoreOptions { GroupCommit = false });

    public SqliteConversationStoreWithoutGroupCommitTests() => Store = new SqliteConversationStore(_file.Database, Payloads);

    protected override IConversationStore Store { get; }

    public void Dispose() => _file.Dispose();
}
