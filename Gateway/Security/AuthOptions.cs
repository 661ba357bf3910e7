namespace Engine.Gateway.Security;

/// <summary>The <c>Auth</c> configuration section. Secrets come from configuration or the environment, never from code.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Base64 of at least 32 random bytes that sign people's tokens. Every gateway of a cluster needs the same
    /// one. When absent, the embedded engine keeps one in its data directory; a client-mode gateway makes one per
    /// process (tokens then work only on that gateway).</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "engine";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(10);

    /// <summary>The platform operator's key (<c>X-Api-Key</c>): creates tenants and acts as admin in any tenant.
    /// Unset means no operator key is accepted.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>Whether the embedded engine creates a demo tenant, with people and a key, at first start.</summary>
    public bool DemoTenant { get; set; } = true;
}
