namespace Engine.Tenants;

using System.Security.Cryptography;
using System.Text;
using Engine.Hosting;

[GenerateSerializer, Alias("engine.TenantState")]
public sealed class TenantState
{
    [Id(0)] public TenantProfile? Profile { get; set; }
    [Id(1)] public Dictionary<string, StoredUser> Users { get; set; } = new(StringComparer.Ordinal);
    [Id(2)] public Dictionary<string, StoredApiKey> Keys { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer, Alias("engine.StoredUser")]
public sealed record StoredUser(
    [property: Id(0)] UserSpec Spec,
    [property: Id(1)] string? PasswordHash);

[GenerateSerializer, Alias("engine.StoredApiKey")]
public sealed record StoredApiKey(
    [property: Id(0)] ApiKeySpec Spec,
    [property: Id(1)] string SecretDigest,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] bool Revoked = false);

public sealed class TenantGrain(
    [PersistentState("tenant", EngineStorage.Name)] IPersistentState<TenantState> state,
    TimeProvider clock) : Grain, ITenantGrain
{
    private TenantState S => state.State;

    public async Task<bool> Create(TenantProfile profile)
    {
        if (S.Profile is not null) return false;
        S.Profile = profile;
        await state.WriteStateAsync();
        return true;
    }

    public Task<TenantProfile?> Profile() => Task.FromResult(S.Profile);

    public async Task<UserView> PutUser(string userId, UserSpec spec, string? passwordHash)
    {
        RequireTenant();
        var hash = passwordHash ?? (S.Users.TryGetValue(userId, out var known) ? known.PasswordHash : null);
        S.Users[userId] = new StoredUser(spec, hash);
        await state.WriteStateAsync();
        return View(userId, S.Users[userId]);
    }

    public Task<IReadOnlyList<UserView>> Users() =>
        Task.FromResult<IReadOnlyList<UserView>>(S.Users.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => View(u.Key, u.Value)).ToList());

    public Task<UserCredentials?> Credentials(string userId) =>
        Task.FromResult(S.Users.TryGetValue(userId, out var user) && !user.Spec.Disabled && user.PasswordHash is { } hash
            ? new UserCredentials(userId, user.Spec.DisplayName, user.Spec.Roles, hash)
            : null);

    public async Task<ApiKeyView> AddApiKey(string keyId, ApiKeySpec spec, string secretDigest)
    {
        RequireTenant();
        if (S.Keys.ContainsKey(keyId)) throw new InvalidOperationException($"API key {keyId} already exists.");
        S.Keys[keyId] = new StoredApiKey(spec, secretDigest, clock.GetUtcNow());
        await state.WriteStateAsync();
        return View(keyId, S.Keys[keyId]);
    }

    public Task<IReadOnlyList<ApiKeyView>> ApiKeys() =>
        Task.FromResult<IReadOnlyList<ApiKeyView>>(S.Keys.OrderBy(k => k.Value.CreatedAt).Select(k => View(k.Key, k.Value)).ToList());

    public Task<IReadOnlyList<string>?> VerifyApiKey(string keyId, string secretDigest)
    {
        if (!S.Keys.TryGetValue(keyId, out var key) || key.Revoked) return Task.FromResult<IReadOnlyList<string>?>(null);
        // Constant-time, so a caller cannot learn the digest byte by byte from response times.
        var same = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.SecretDigest), Encoding.ASCII.GetBytes(secretDigest));
        return Task.FromResult(same ? key.Spec.Roles : null);
    }

    public async Task<bool> RevokeApiKey(string keyId)
    {
        if (!S.Keys.TryGetValue(keyId, out var key)) return false;
        if (!key.Revoked)
        {
            S.Keys[keyId] = key with { Revoked = true };
            await state.WriteStateAsync();
        }
        return true;
    }

    private void RequireTenant()
    {
        if (S.Profile is null) throw new InvalidOperationException($"Tenant {this.GetPrimaryKeyString()} does not exist.");
    }

    private static UserView View(string id, StoredUser user) =>
        new(id, user.Spec.DisplayName, user.Spec.Roles, user.Spec.Disabled, user.PasswordHash is not null);

    private static ApiKeyView View(string id, StoredApiKey key) => new(id, key.Spec.Name, key.Spec.Roles, key.CreatedAt, key.Revoked);
}
