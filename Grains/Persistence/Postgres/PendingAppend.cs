namespace Engine.Persistence.Postgres;

using Engine.Conversations;

/// <summary>
/// One conversation's append waiting for a group write, its rows already serialized (on the caller's thread, not the
/// writer's).
/// </summary>
public sealed class PendingAppend(Guid conversationId, long expectedVersion, string[] eventTypes, DateTimeOffset[] occurredAt,
    byte[][] payloads, ConversationSummary summary) : PendingWrite
{
    public Guid ConversationId => conversationId;
    public long ExpectedVersion => expectedVersion;
    public string[] EventTypes => eventTypes;
    public DateTimeOffset[] OccurredAt => occurredAt;
    public byte[][] Payloads => payloads;
    public ConversationSummary Summary => summary;
}
