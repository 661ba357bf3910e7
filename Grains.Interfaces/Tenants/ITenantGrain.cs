namespace Engine.Tenants;

/// <summary>
/// A tenant (a brand): its profile, the people who sign in and the API keys of its integrations. Key: tenant id.
/// Secrets never reach this grain in clear: it keeps password hashes and SHA-256 digests of key secrets.
/// </summary>
[Alias("engine.ITenantGrain")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>Creates the tenant; false (and no change) when it already exists.</summary>
    Task<bool> Create(TenantProfile profile);

    Task<TenantProfile?> Profile();

    /// <summary>Adds or changes a person. A null hash keeps the stored one.</summary>
    Task<UserView> PutUser(string userId, UserSpec spec, string? passwordHash);

    Task<IReadOnlyList<UserView>> Users();

    /// <summary>What sign-in needs to check a password; null for an unknown or disabled user.</summary>
    Task<UserCredentials?> Credentials(string userId);

    Task<ApiKeyView> AddApiKey(string keyId, ApiKeySpec spec, string secretDigest);

    Task<IReadOnlyList<ApiKeyView>> ApiKeys();

    /// <summary>The key's roles when the digest matches a key that is not revoked; null otherwise.</summary>
    Task<IReadOnlyList<string>?> VerifyApiKey(string keyId, string secretDigest);

    Task<bool> RevokeApiKey(string keyId);
}

[GenerateSerializer, Alias("engine.TenantProfile")]
public sealed record TenantProfile(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] DateTimeOffset CreatedAt);

[GenerateSerializer, Alias("engine.UserSpec")]
public sealed record UserSpec(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] IReadOnlyList<string> Roles,
    [property: Id(2)] bool Disabled = false);

[GenerateSerializer, Alias("engine.UserView")]
public sealed record UserView(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<string> Roles,
    [property: Id(3)] bool Disabled,
    [property: Id(4)] bool HasPassword);

[GenerateSerializer, Alias("engine.UserCredentials")]
public sealed record UserCredentials(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<string> Roles,
    [property: Id(3)] string PasswordHash);

[GenerateSerializer, Alias("engine.ApiKeySpec")]
public sealed record ApiKeySpec(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Roles);

[GenerateSerializer, Alias("engine.ApiKeyView")]
public sealed record ApiKeyView(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<string> Roles,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] bool Revoked);
