namespace Engine.Conversations;

/// <summary>How a message reached this conversation, decided by the thread directory.</summary>
/// <param name="LinkedFrom">The resolved or closed conversation this one continues, if any.</param>
[GenerateSerializer, Alias("engine.ThreadRoute")]
public sealed record ThreadRoute(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] string ThreadKey,
    [property: Id(2)] Guid? CustomerId,
    [property: Id(3)] Guid? LinkedFrom = null);

[GenerateSerializer, Alias("engine.ConversationIngestResult")]
public sealed record ConversationIngestResult(
    [property: Id(0)] IngestOutcome? Outcome,
    [property: Id(1)] bool NeedsNewConversation = false);

/// <summary>The case: one customer's conversation with one brand, across threads and channels. Key: conversation id.</summary>
[Alias("engine.IConversationGrain")]
public interface IConversationGrain : IGrainWithGuidKey
{
    /// <summary>Stores an inbound message once. Answers <c>NeedsNewConversation</c> when this one is past reopening.</summary>
    Task<ConversationIngestResult> Ingest(InboundMessage message, ThreadRoute route);

    /// <summary>Where this conversation, or one it continues, already stored the message; null when none did.</summary>
    Task<IngestOutcome?> FindStored(InboundMessage message);

    /// <summary>The conversation as its tenant sees it, or null if it does not exist for that tenant.</summary>
    Task<ConversationView?> Get(string tenant);

    Task<CommandOutcome> Reply(string tenant, AgentReply reply);

    Task<CommandOutcome> AddNote(string tenant, InternalNote note);

    Task<CommandOutcome> ChangeStatus(string tenant, StatusChange change);
}
