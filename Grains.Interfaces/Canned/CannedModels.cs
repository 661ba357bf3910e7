namespace Engine.Canned;

using Engine.Conversations;

/// <summary>A tenant's saved reply: found by its shortcut, rendered with the conversation's variables.</summary>
[GenerateSerializer, Alias("engine.CannedResponse")]
public sealed record CannedResponse(
    [property: Id(0)] string Id,
    [property: Id(1)] string Shortcut,
    [property: Id(2)] string Title,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset UpdatedAt,
    [property: Id(5)] string UpdatedBy,
    [property: Id(6)] long Version);

/// <summary>What a create or update asks for; <see cref="By"/> is who did it.</summary>
[GenerateSerializer, Alias("engine.CannedResponseDraft")]
public sealed record CannedResponseDraft(
    [property: Id(0)] string Shortcut,
    [property: Id(1)] string Title,
    [property: Id(2)] string Text,
    [property: Id(3)] string By);

/// <summary>The values a template's variables take for one reply; null when the engine does not know one.</summary>
[GenerateSerializer, Alias("engine.CannedRenderContext")]
public sealed record CannedRenderContext(
    [property: Id(0)] ChannelKind? Channel,
    [property: Id(1)] string? CustomerName,
    [property: Id(2)] string? AgentName,
    [property: Id(3)] string? CaseReference);

/// <summary>A rendered canned response, its length as the channel counts it, and whether it fits.</summary>
/// <param name="MissingVariables">Variables with no value and no fallback: rendered empty, for the agent to fill in.</param>
[GenerateSerializer, Alias("engine.CannedRendering")]
public sealed record CannedRendering(
    [property: Id(0)] string ResponseId,
    [property: Id(1)] string Text,
    [property: Id(2)] ChannelKind? Channel,
    [property: Id(3)] int Length,
    [property: Id(4)] int? Limit,
    [property: Id(5)] bool ExceedsLimit,
    [property: Id(6)] IReadOnlyList<string> MissingVariables);

/// <summary>The response a command produced, or why it was refused.</summary>
[GenerateSerializer, Alias("engine.CannedOutcome")]
public sealed record CannedOutcome(
    [property: Id(0)] CannedResponse? Response,
    [property: Id(1)] CommandError? Error = null,
    [property: Id(2)] bool Created = false);

/// <summary>Which canned response a reply used, and whether it was sent exactly as rendered.</summary>
[GenerateSerializer, Alias("engine.CannedUse")]
public sealed record CannedUse(
    [property: Id(0)] string ResponseId,
    [property: Id(1)] bool Unedited);

/// <summary>A tenant's canned responses. Key: tenant.</summary>
[Alias("engine.ICannedResponsesGrain")]
public interface ICannedResponsesGrain : IGrainWithStringKey
{
    /// <summary>Creates a response; the same draft again (same shortcut and text) answers the existing one.</summary>
    Task<CannedOutcome> Create(CannedResponseDraft draft);

    /// <param name="expectedVersion">When set, refused unless the response is still at this version.</param>
    Task<CannedOutcome> Update(string id, CannedResponseDraft draft, long? expectedVersion);

    /// <summary>True when it existed. Deleting again changes nothing.</summary>
    Task<bool> Delete(string id);

    Task<CannedResponse?> Get(string id);

    /// <summary>Shortcut-prefix matches first (by shortcut), then title/text matches; everything when the query is empty.</summary>
    Task<IReadOnlyList<CannedResponse>> Search(string? query, int limit);

    /// <summary>Null when there is no such response.</summary>
    Task<CannedRendering?> Render(string id, CannedRenderContext context);
}
