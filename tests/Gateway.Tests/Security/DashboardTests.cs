namespace Engine.Tests.Security;

using System.Net;
using System.Net.Http.Json;

/// <summary>The Orleans dashboard is mounted, and only a tenant admin gets in (by token or by the sign-in cookie).</summary>
public sealed class DashboardTests(SecuredEngine engine) : IClassFixture<SecuredEngine>
{
    private readonly string _tenant = $"dash-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task Anonymous_callers_and_agents_are_kept_out_and_an_admin_gets_the_dashboard()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent", "supervisor"]));
        using var anonymous = engine.Anonymous();
        using var ann = await engine.SignIn(_tenant, "ann");
        using var boss = await engine.SignIn(_tenant, "boss");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync("/orleans/")).StatusCode);
        var page = await boss.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_admins_sign_in_sets_a_cookie_scoped_to_the_dashboard_that_opens_it()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]));
        using var browser = engine.Anonymous();

        var agentSignIn = await browser.PostAsJsonAsync("/api/v1/auth/token", new { tenant = _tenant, userId = "ann", password = SecuredEngine.Password });
        Assert.False(agentSignIn.Headers.Contains("Set-Cookie"));
        var adminSignIn = await browser.PostAsJsonAsync("/api/v1/auth/token", new { tenant = _tenant, userId = "boss", password = SecuredEngine.Password });
        var cookie = Assert.Single(adminSignIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/orleans", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request)).StatusCode);
        // The cookie opens nothing else.
        using var api = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/tenants/{_tenant}/conversations");
        api.Headers.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(api)).StatusCode);
    }
}
