namespace Engine.Gateway.Security;

using System.Security.Claims;
using System.Text.Encodings.Web;
using Engine.Hosting;
using Engine.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

/// <summary>Authenticates integrations by the <c>X-Api-Key</c> header: a tenant's key, or the platform operator's key.</summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    GrainReferences references,
    IOptions<AuthOptions> auth) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || values.ToString() is not { Length: > 0 } presented)
            return AuthenticateResult.NoResult();

        if (auth.Value.OperatorKey is { Length: > 0 } operatorKey && ApiKeys.SameSecret(presented, operatorKey))
        {
            var identity = EngineClaims.Identity(SchemeName, "*", "operator", "Platform operator", [EngineRoles.Admin]);
            identity.AddClaim(new Claim(EngineClaims.Operator, "true"));
            return Success(identity);
        }

        if (!ApiKeys.TryParse(presented, out var tenant, out var keyId, out var secret))
            return AuthenticateResult.Fail("The API key is not in the form ek:{tenant}:{keyId}:{secret}.");
        var roles = await references.Get<ITenantGrain>(tenant).VerifyApiKey(keyId, ApiKeys.Digest(secret));
        return roles is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : Success(EngineClaims.Identity(SchemeName, tenant, $"key:{keyId}", null, roles));
    }

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
}
