namespace Engine.Gateway.Canned;

using Engine.Canned;

public sealed record CannedResponseRequest(string? Shortcut, string? Title, string? Text, string? By, long? ExpectedVersion = null);

public sealed record CannedResponseList(IReadOnlyList<CannedResponse> Items);
