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

/// <summary>Maps a platform message id to the thread it belongs to, for adapters that only know reply parents.</summary>
[Alias("engine.IMessageDirectoryGrain")]
public interface IMessageDirectoryGrain : IGrainWithStringKey
{
    Task<string?> ThreadOf();

    /// <summary>
    /// Stores the message's thread. A request, not one-way: the message is acknowledged only after this is stored,
    /// or a reply to it could start a new thread and split the conversation.
    /// </summary>
    Task Record(string threadKey);
}

/// <summary>Lists a tenant's conversations, newest update first.</summary>
[Alias("engine.IConversationListGrain")]
public interface IConversationListGrain : IGrainWithIntegerKey
{
    Task<ConversationPage> List(string tenant, ConversationQuery query);
}
