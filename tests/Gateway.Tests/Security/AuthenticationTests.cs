namespace Engine.Tests.Security;

using System.Net;
using System.Net.Http.Json;
using Engine.Tests.Conversations;

public sealed class AuthenticationTests(SecuredEngine engine) : IClassFixture<SecuredEngine>
{
    private readonly string _tenant = $"auth-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task A_tenant_endpoint_without_credentials_answers_401_problem_details()
    {
        using var anonymous = engine.Anonymous();
        var response = await anonymous.GetAsync($"/api/v1/tenants/{_tenant}/conversations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_metrics_docs_and_sign_in_need_no_credentials()
    {
        using var anonymous = engine.Anonymous();
        foreach (var path in new[] { "/health/live", "/metrics", "/openapi/v1.json" })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_gives_a_token_naming_tenant_person_and_roles()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]));
        using var ann = await engine.SignIn(_tenant, "ann");

        var me = await ApiClient.Json(await ann.GetAsync("/api/v1/auth/me"));

        Assert.Equal(_tenant, (string?)me["tenant"]);
        Assert.Equal("ann", (string?)me["subject"]);
        Assert.Equal(["agent"], me["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync($"/api/v1/tenants/{_tenant}/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_person_get_the_same_401()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]));
        using var anonymous = engine.Anonymous();

        var wrong = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant = _tenant, userId = "ann", password = "not the password" });
        var unknown = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant = _tenant, userId = "nobody", password = SecuredEngine.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((string?)(await ApiClient.Json(wrong))["detail"], (string?)(await ApiClient.Json(unknown))["detail"]);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        await engine.CreateTenant(_tenant);
        using var other = new SecuredEngine();
        await other.CreateTenant(_tenant);
        using var forged = await other.SignIn(_tenant, "boss");
        using var http = engine.CreateClient();
        http.DefaultRequestHeaders.Authorization = forged.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/tenants/{_tenant}/conversations")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        await engine.CreateTenant(_tenant);
        using var admin = await engine.SignIn(_tenant, "boss");
        var created = await ApiClient.Json(await admin.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/api-keys", new { name = "bot", roles = new[] { "integration" } }));
        using var bot = engine.CreateClient();
        bot.DefaultRequestHeaders.Add("X-Api-Key", (string)created["key"]!);
        Assert.Equal(HttpStatusCode.Created, (await bot.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/inbound", SecuredEngine.Message("k1"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/tenants/{_tenant}/api-keys/{created["keyId"]}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/inbound", SecuredEngine.Message("k2"))).StatusCode);
        var keys = await ApiClient.JsonNode(await admin.GetAsync($"/api/v1/tenants/{_tenant}/api-keys"));
        Assert.True((bool)keys[0]!["revoked"]!);
        Assert.DoesNotContain("secret", keys.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_the_operator_creates_tenants_and_a_second_create_is_a_conflict()
    {
        await engine.CreateTenant(_tenant);
        using var admin = await engine.SignIn(_tenant, "boss");
        var body = new { tenantId = $"{_tenant}-x", displayName = "X", adminUserId = "boss", adminPassword = SecuredEngine.Password };

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/v1/tenants", body)).StatusCode);
        using var op = engine.Operator();
        var again = await op.PostAsJsonAsync("/api/v1/tenants", new { tenantId = _tenant, displayName = "again", adminUserId = "boss", adminPassword = SecuredEngine.Password });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Bad_people_and_key_requests_name_the_field()
    {
        await engine.CreateTenant(_tenant);
        using var admin = await engine.SignIn(_tenant, "boss");

        var badRole = await admin.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/users/x", new { displayName = "X", roles = new[] { "god" }, password = SecuredEngine.Password });
        var shortPassword = await admin.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/users/x", new { displayName = "X", roles = new[] { "agent" }, password = "short" });
        var noRoles = await admin.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/api-keys", new { name = "k" });

        Assert.Contains("roles", (await ApiClient.Json(badRole))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("password", (await ApiClient.Json(shortPassword))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("roles", (await ApiClient.Json(noRoles))["errors"]!.AsObject().Select(e => e.Key));
        var users = await ApiClient.JsonNode(await admin.GetAsync($"/api/v1/tenants/{_tenant}/users"));
        Assert.Equal(["boss"], users.AsArray().Select(u => (string?)u!["userId"]));
    }
}
