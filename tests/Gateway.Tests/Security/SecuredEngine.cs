namespace Engine.Tests.Security;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>An engine with a platform operator key, and ways to sign in as the people and keys that tests create.</summary>
public class SecuredEngine : EngineApiFactory
{
    public const string OperatorKey = "test-operator-key-0123456789abcdef";
    public const string Password = "correct horse battery";

    public SecuredEngine() => With("Auth:OperatorKey", OperatorKey);

    /// <summary>A client that sends no credentials at all (the test sign-in is turned off for it).</summary>
    public HttpClient Anonymous()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add(TestCredentials.Anonymous, "1");
        return http;
    }

    public HttpClient Operator()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        return http;
    }

    /// <summary>Creates a tenant with an admin <c>boss</c> and the given people (all with <see cref="Password"/>).</summary>
    public async Task CreateTenant(string tenant, params (string Id, string[] Roles)[] people)
    {
        using var op = Operator();
        var created = await op.PostAsJsonAsync("/api/v1/tenants", new { tenantId = tenant, displayName = tenant, adminUserId = "boss", adminPassword = Password });
        created.EnsureSuccessStatusCode();
        using var admin = await SignIn(tenant, "boss");
        foreach (var (id, roles) in people)
            (await admin.PutAsJsonAsync($"/api/v1/tenants/{tenant}/users/{id}", new { displayName = id, roles, password = Password })).EnsureSuccessStatusCode();
    }

    public async Task<HttpClient> SignIn(string tenant, string userId)
    {
        using var anonymous = Anonymous();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant, userId, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (string)(await ApiClient.Json(response))["accessToken"]!;
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task<HttpClient> WithKey(string tenant, string adminUserId, params string[] roles)
    {
        using var admin = await SignIn(tenant, adminUserId);
        var response = await admin.PostAsJsonAsync($"/api/v1/tenants/{tenant}/api-keys", new { name = "test key", roles });
        response.EnsureSuccessStatusCode();
        var http = CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", (string)(await ApiClient.Json(response))["key"]!);
        return http;
    }

    public static JsonObject Message(string id) => ApiClient.Inbound(id);
}
