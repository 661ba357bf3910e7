namespace Engine.Tests.Hosting;

using System.Text.RegularExpressions;
using Engine.Gateway.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Signs in the tests' requests: a request that carries no credentials of its own gets a token for the tenant in its
/// path, with every role (a web-chat visitor's token under <c>/api/v1/webchat</c>), so tests of other behaviour need not
/// sign in. Tests of authentication itself send their own
/// credentials, or <see cref="Anonymous"/> to send none.
/// </summary>
public sealed partial class TestCredentials : IStartupFilter
{
    public const string Anonymous = "X-Test-Anonymous";
    public const string Subject = "test-admin";
    public const string Visitor = "test-visitor";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var issuer = app.ApplicationServices.GetRequiredService<TokenIssuer>();
        app.Use(async (context, inner) =>
        {
            var headers = context.Request.Headers;
            if (!headers.ContainsKey(Anonymous) && !headers.ContainsKey("Authorization") && !headers.ContainsKey(ApiKeys.Header)
                && !context.Request.Query.ContainsKey("access_token")
                && TenantInPath().Match(context.Request.Path.Value ?? "") is { Success: true } match)
                headers.Authorization = "Bearer " + (match.Groups[1].Value == "webchat"
                    ? issuer.Issue(match.Groups[2].Value, Visitor, "Test visitor", [EngineRoles.Customer])
                    : issuer.Issue(match.Groups[2].Value, Subject, "Test admin", EngineRoles.All)).AccessToken;
            await inner(context);
        });
        next(app);
    };

    [GeneratedRegex("^/api/v1/(tenants|webchat)/([^/]+)")]
    private static partial Regex TenantInPath();
}
