namespace Engine.Gateway.Security;

using Engine.Gateway.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

public static class AuthSetup
{
    private const string Selector = "engine";

    /// <summary>
    /// People send <c>Authorization: Bearer {token}</c> (SignalR: <c>?access_token=</c>), integrations send
    /// <c>X-Api-Key</c>. Every endpoint requires a signed-in caller unless it says otherwise (health, metrics, docs,
    /// sign-in, platform webhooks, which carry their own signatures).
    /// </summary>
    public static void AddEngineAuth(this WebApplicationBuilder builder, GatewayClusterOptions cluster)
    {
        var services = builder.Services;
        services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            var key = SigningKeys.Resolve(builder.Configuration, options, cluster, sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuthSetup)));
            return new TokenIssuer(key, options, sp.GetRequiredService<TimeProvider>());
        });

        services.AddAuthentication(Selector)
            .AddPolicyScheme(Selector, "Bearer token or API key", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(ApiKeys.Header)
                    ? ApiKeyAuthentication.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket and EventSource requests.
                    OnMessageReceived = context =>
                    {
                        // The Orleans dashboard is a set of pages and scripts a browser loads itself: for it alone, the
                        // token may come in the cookie that sign-in sets (path /orleans, HttpOnly, SameSite=Strict).
                        if (context.Request.Path.StartsWithSegments(OrleansDashboard.Path)
                            && context.Request.Cookies.TryGetValue(OrleansDashboard.Cookie, out var cookie))
                            context.Token = cookie;
                        else if (context.Request.Query.TryGetValue("access_token", out var token)
                            && (context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.Value?.EndsWith("/stream", StringComparison.Ordinal) == true))
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                };
            });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenIssuer>((o, issuer) => o.TokenValidationParameters = issuer.ValidationParameters());

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddEnginePolicies();
        services.AddProblemDetails();

        if (cluster.Embedded)
        {
            services.Configure<Engine.Hosting.EngineStorageOptions>(builder.Configuration.GetSection(Engine.Hosting.EngineStorageOptions.Section));
            services.AddHostedService<DemoTenant>();
        }
    }

    private static AuthorizationBuilder AddEnginePolicies(this AuthorizationBuilder builder)
    {
        foreach (var (name, roles) in EnginePolicies.Roles)
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        return builder.AddPolicy(EnginePolicies.Operate, p => p.RequireClaim(EngineClaims.Operator, "true"));
    }
}
