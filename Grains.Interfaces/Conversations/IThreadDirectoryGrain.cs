namespace Engine.Conversations;

/// <summary>
/// Maps one platform thread to the conversation it belongs to. Key: <see cref="ConversationKeys.Thread"/>.
/// One activation per thread serialises the decision, so concurrent messages of a thread never split it.
/// </summary>
[Alias("engine.IThreadDirectoryGrain")]
public interface IThreadDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The conversation this thread belongs to, deciding it on first sight.</summary>
    Task<ThreadRoute> Resolve(InboundMessage message);

    /// <summary>The conversation this thread belongs to, if it was ever seen; decides nothing.</summary>
    Task<Guid?> Known();

    /// <summary>Moves the thread to a new conversation when its current one is past reopening.</summary>
    Task<ThreadRoute> StartOver(Guid expiredConversation, InboundMessage message);
}

/// <summary>
/// The legacy map of a platform message id to its thread (one grain per message, in grain storage). Nothing writes it
/// any more: the conversation store indexes every message in the append that stores it (<see cref="MessageThread"/>).
/// It is still read on an index miss, so threads recorded by older versions are found after an upgrade.
/// </summary>
[Alias("engine.IMessageDirectoryGrain")]
public interface IMessageDirectoryGrain : IGrainWithStringKey
{
    Task<string?> ThreadOf();

    /// <summary>Stores the message's thread. Kept so older callers and stored grain references still resolve; unused.</summary>
    Task Record(string threadKey);
}

/// <summary>Lists a tenant's conversations, newest update first.</summary>
[Alias("engine.IConversationListGrain")]
public interface IConversationListGrain : IGrainWithIntegerKey
{
    Task<ConversationPage> List(string tenant, ConversationQuery query);
}
