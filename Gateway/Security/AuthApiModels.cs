namespace Engine.Gateway.Security;

public sealed record SignInRequest(string? Tenant, string? UserId, string? Password);

public sealed record SignInResponse(string AccessToken, DateTimeOffset ExpiresAt, string Tenant, string UserId, string? DisplayName, IReadOnlyList<string> Roles);

public sealed record CallerResponse(string Tenant, string Subject, string? DisplayName, IReadOnlyList<string> Roles, bool Operator);

public sealed record UserRequest(string? DisplayName, List<string>? Roles, string? Password = null, bool Disabled = false);

public sealed record ApiKeyRequest(string? Name, List<string>? Roles);

/// <param name="Key">Shown once: only a digest of its secret is kept.</param>
public sealed record ApiKeyCreated(string KeyId, string Key, string Name, IReadOnlyList<string> Roles);

public sealed record TenantRequest(string? TenantId, string? DisplayName, string? AdminUserId, string? AdminPassword);

public sealed record TenantCreated(string TenantId, string DisplayName, string AdminUserId);
