namespace Engine.Conversations;

/// <summary>
/// Where a platform message was stored: its thread and the conversation that holds it. The conversation is unknown
/// (null) only for a message known from the legacy per-message directory (<see cref="IMessageDirectoryGrain"/>), which
/// recorded threads alone.
/// </summary>
[GenerateSerializer, Alias("engine.MessageThread")]
public sealed record MessageThread(
    [property: Id(0)] string ThreadKey,
    [property: Id(1)] Guid? ConversationId);

/// <summary>
/// Finds a platform message's thread for callers outside a silo (a Gateway in client mode has no store): a stateless
/// worker that asks the silo's conversation store, then the legacy directory.
/// </summary>
[Alias("engine.IMessageThreadGrain")]
public interface IMessageThreadGrain : IGrainWithIntegerKey
{
    Task<MessageThread?> Find(string tenant, ChannelKind channel, string platformMessageId);
}
