namespace Engine.Gateway.Security;

using System.Security.Claims;

/// <summary>The claims Engine puts in tokens and key principals, and how to read them.</summary>
public static class EngineClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tenant";
    public const string Role = "role";
    public const string Name = "name";

    /// <summary>Marks the platform operator's key, which may create tenants and act in any of them.</summary>
    public const string Operator = "operator";

    public static string? TenantOf(this ClaimsPrincipal user) => user.FindFirst(Tenant)?.Value;

    public static string? SubjectOf(this ClaimsPrincipal user) => user.FindFirst(Subject)?.Value;

    public static bool IsOperator(this ClaimsPrincipal user) => user.HasClaim(Operator, "true");

    public static bool HasAnyRole(this ClaimsPrincipal user, params string[] roles) => roles.Any(user.IsInRole);

    /// <summary>Whether this caller may act within the tenant: its own tenant, or the operator in any.</summary>
    public static bool BelongsTo(this ClaimsPrincipal user, string tenant) =>
        user.IsOperator() || string.Equals(user.TenantOf(), tenant, StringComparison.Ordinal);

    public static ClaimsIdentity Identity(string authenticationType, string tenant, string subject, string? name, IEnumerable<string> roles)
    {
        var identity = new ClaimsIdentity(authenticationType, Subject, Role);
        identity.AddClaim(new Claim(Subject, subject));
        identity.AddClaim(new Claim(Tenant, tenant));
        if (name is not null) identity.AddClaim(new Claim(Name, name));
        foreach (var role in roles) identity.AddClaim(new Claim(Role, role));
        return identity;
    }
}
