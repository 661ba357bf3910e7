namespace Engine.Gateway.Customers;

public sealed record LinkIdentityRequest(string? Kind, string? Value, string? By);

public sealed record MergeRequest(string? From, string? By);
