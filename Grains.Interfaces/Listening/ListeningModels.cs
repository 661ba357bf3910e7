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
[GenerateSerializer, Alias("engine.ListeningPost")]
public sealed record ListeningPost(
    [property: Id(0)] string PostId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] string Text,
    [property: Id(3)] string? Lang = null,
    [property: Id(4)] string? AuthorHandle = null,
    [property: Id(5)] IReadOnlyList<string>? Recipients = null);
