namespace Engine.Customers;

using Engine.Conversations;
using Engine.Insight;

/// <summary>The customer view: every identity, every conversation on every channel, the latest sentiment, the audit trail.</summary>
/// <param name="RequestedId">The id asked for when it was merged into this customer; null otherwise.</param>
[GenerateSerializer, Alias("engine.CustomerProfile")]
public sealed record CustomerProfile(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] IReadOnlyList<string> Identities,
    [property: Id(3)] IReadOnlyList<CustomerConversation> Conversations,
    [property: Id(4)] CustomerSentiment? LatestSentiment,
    [property: Id(5)] IReadOnlyList<Guid> MergedFrom,
    [property: Id(6)] IReadOnlyList<CustomerAuditEntry> Audit,
    [property: Id(7)] Guid? RequestedId = null);

[GenerateSerializer, Alias("engine.CustomerConversation")]
public sealed record CustomerConversation(
    [property: Id(0)] Guid Id,
    [property: Id(1)] ConversationStatus Status,
    [property: Id(2)] IReadOnlyList<ChannelKind> Channels,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] int Messages,
    [property: Id(6)] string? LastMessage,
    [property: Id(7)] Guid? CustomerId);

/// <summary>VADER's scores of the customer's newest message (by platform time) across all their conversations.</summary>
[GenerateSerializer, Alias("engine.CustomerSentiment")]
public sealed record CustomerSentiment(
    [property: Id(0)] Guid ConversationId,
    [property: Id(1)] string PlatformMessageId,
    [property: Id(2)] ChannelKind Channel,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] SentimentScores Scores);
