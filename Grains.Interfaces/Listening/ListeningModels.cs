namespace Engine.Listening;

using Engine.Conversations;

/// <summary>A tenant's saved listening rule: its id and its query in the rule language.</summary>
[GenerateSerializer, Alias("engine.ListeningRule")]
public sealed record ListeningRule(
    [property: Id(0)] string Id,
    [property: Id(1)] string Query);

/// <summary>Why a rule cannot be saved, and where (1-based column) the mistake is.</summary>
[GenerateSerializer, Alias("engine.ListeningRuleProblem")]
public sealed record ListeningRuleProblem(
    [property: Id(0)] int Column,
    [property: Id(1)] string Message);

/// <summary>A public post from a listening feed (not addressed to the brand).</summary>
/// <param name="Lang">The platform's language code (e.g. "en"), when it gives one.</param>
/// <param name="AuthorHandle">The author's handle without '@'.</param>
/// <param name="Recipients">Handles the post replies to, besides those mentioned in the text.</param>
/// <param name="AuthorId">The author's platform identity (e.g. <c>x:115712</c>): the customer of the conversation a match opens.</param>
/// <param name="PostedAt">The platform's time of the post.</param>
/// <param name="InReplyTo">The post this one answers, so a reply joins its parent's conversation.</param>
[GenerateSerializer, Alias("engine.ListeningPost")]
public sealed record ListeningPost(
    [property: Id(0)] string PostId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] string Text,
    [property: Id(3)] string? Lang = null,
    [property: Id(4)] string? AuthorHandle = null,
    [property: Id(5)] IReadOnlyList<string>? Recipients = null,
    [property: Id(6)] string? AuthorId = null,
    [property: Id(7)] DateTimeOffset? PostedAt = null,
    [property: Id(8)] string? InReplyTo = null,
    [property: Id(9)] Engine.Insight.AuthorInfluence? Influence = null,
    [property: Id(10)] string? AuthorName = null);
