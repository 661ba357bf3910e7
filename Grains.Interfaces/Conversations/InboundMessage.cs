namespace Engine.Conversations;

/// <summary>Who wrote a message: a platform identity such as <c>x:115712</c> or <c>messenger:678</c>.</summary>
[GenerateSerializer, Immutable, Alias("engine.MessageAuthor")]
public sealed record MessageAuthor(
    [property: Id(0)] AuthorKind Kind,
    [property: Id(1)] string Identity,
    [property: Id(2)] string? DisplayName = null);

/// <summary>
/// One message as every channel adapter delivers it to the engine, whatever the platform's format.
/// </summary>
/// <param name="ThreadKey">The platform's own thread key (X conversation id, Messenger PSID, email root
/// Message-ID). When absent it is derived from the reply parent, or the message starts its own thread.</param>
/// <param name="CustomerIdentity">For a brand-authored message: the customer it addresses, when known.</param>
/// <param name="Influence">The author's reach (followers, verified) when the platform's payload carries it.</param>
/// <param name="Listening">Set when the message came from a listening feed: the rules it matched (a proactive case).</param>
/// <remarks>[Immutable]: Orleans hands it between grains of one silo by reference instead of deep-copying it on each of
/// the ingest path's calls; nothing changes a message in place (a changed one is a copy made with <c>with</c>), and its
/// lists are built by the adapters and only read.</remarks>
[GenerateSerializer, Immutable, Alias("engine.InboundMessage")]
public sealed record InboundMessage(
    [property: Id(0)] string Tenant,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] Visibility Visibility,
    [property: Id(3)] string PlatformMessageId,
    [property: Id(4)] MessageAuthor Author,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset PlatformTimestamp,
    [property: Id(7)] DateTimeOffset ReceivedAt,
    [property: Id(8)] string? ThreadKey = null,
    [property: Id(9)] string? InReplyTo = null,
    [property: Id(10)] IReadOnlyList<string>? Attachments = null,
    [property: Id(11)] string? CustomerIdentity = null,
    [property: Id(12)] Engine.Insight.AuthorInfluence? Influence = null,
    [property: Id(13)] IReadOnlyList<string>? Listening = null);

[GenerateSerializer, Alias("engine.IngestStatus")]
public enum IngestStatus { Accepted, Duplicate }

/// <summary>What the engine answers for one inbound message.</summary>
[GenerateSerializer, Immutable, Alias("engine.IngestOutcome")]
public sealed record IngestOutcome(
    [property: Id(0)] IngestStatus Status,
    [property: Id(1)] Guid ConversationId,
    [property: Id(2)] int ThreadId,
    [property: Id(3)] bool ConversationCreated,
    [property: Id(4)] long Sequence);
