namespace Engine.Persistence.Postgres;

using Engine.Conversations;

/// <summary>
/// One conversation's append waiting for a group write, its rows already serialized (on the caller's thread, not the
/// writer's), with its message index rows (channel names, message ids and thread keys, position by position).
/// </summary>
public sealed class PendingAppend(Guid conversationId, long expectedVersion, string[] eventTypes, DateTimeOffset[] occurredAt,
    byte[][] payloads, ConversationSummary summary, string[] indexChannels, string[] indexIds, string[] indexThreads) : PendingWrite
{
    public Guid ConversationId => conversationId;
    public long ExpectedVersion => expectedVersion;
    public string[] EventTypes => eventTypes;
    public DateTimeOffset[] OccurredAt => occurredAt;
    public byte[][] Payloads => payloads;
    public ConversationSummary Summary => summary;
    public string[] IndexChannels => indexChannels;
    public string[] IndexIds => indexIds;
    public string[] IndexThreads => indexThreads;
}
