namespace Engine.Gateway.Security;

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

/// <summary>Signs the tokens people use after signing in (HMAC-SHA256 JWTs naming tenant, person and roles).</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, AuthOptions options, TimeProvider clock)
{
    public const string Audience = "engine";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public SymmetricSecurityKey Key => key;

    public string Issuer => options.Issuer;

    public IssuedToken Issue(string tenant, string subject, string? name, IEnumerable<string> roles)
    {
        var now = clock.GetUtcNow();
        var expires = now + options.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = EngineClaims.Identity("jwt", tenant, subject, name, roles),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = EngineClaims.Subject,
        RoleClaimType = EngineClaims.Role,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);
