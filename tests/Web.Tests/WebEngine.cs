namespace Engine.Tests.Web;

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

/// <summary>
/// The Gateway on a real Kestrel port (so a browser can reach it), embedded in memory. Each test makes its own tenant
/// (<see cref="NewTenant"/>) whose people sign in with <see cref="Password"/>: boss (admin), ava (agent), sam (supervisor).
/// </summary>
public sealed class WebEngine : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery";
    private const string OperatorKey = "web-tests-operator-key-0123456789abcdef";
    private readonly int _port = FreePorts.Next();

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    public WebEngine() => UseKestrel(_port);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Urls", BaseUrl);
        builder.UseSetting("Cluster:Mode", "embedded");
        builder.UseSetting("Storage:Provider", "memory");
        builder.UseSetting("Cluster:ClusterId", $"web-{Guid.NewGuid():N}");
        builder.UseSetting("Cluster:SiloPort", FreePorts.Next().ToString());
        builder.UseSetting("Cluster:GatewayPort", FreePorts.Next().ToString());
        builder.UseSetting("Auth:DemoTenant", "false");
        builder.UseSetting("Auth:OperatorKey", OperatorKey);
    }

    public Task InitializeAsync()
    {
        StartServer();
        return Task.CompletedTask;
    }

    /// <summary>A new tenant whose agents ava and sam serve the default queue <c>general</c>.</summary>
    public async Task<string> NewTenant()
    {
        var tenant = $"shop-{Guid.NewGuid():N}"[..13];
        using var op = Http();
        op.DefaultRequestHeaders.Add("X-Api-Key", OperatorKey);
        (await op.PostAsJsonAsync("/api/v1/tenants", new { tenantId = tenant, displayName = "Demo brand", adminUserId = "boss", adminPassword = Password }))
            .EnsureSuccessStatusCode();
        using var admin = await SignIn(tenant, "boss");
        foreach (var (id, name, roles) in new[] { ("ava", "Ava", new[] { "agent" }), ("sam", "Sam", new[] { "supervisor", "agent" }) })
        {
            (await admin.PutAsJsonAsync($"/api/v1/tenants/{tenant}/users/{id}", new { displayName = name, roles, password = Password })).EnsureSuccessStatusCode();
            (await admin.PutAsJsonAsync($"/api/v1/tenants/{tenant}/agents/{id}", new
            {
                displayName = name,
                capacity = new Dictionary<string, int> { ["social"] = 3, ["chat"] = 2, ["email"] = 2 },
                queues = new[] { "general" },
            })).EnsureSuccessStatusCode();
        }
        return tenant;
    }

    /// <summary>A client of the real server (not the in-memory test server).</summary>
    public HttpClient Http() => new() { BaseAddress = new Uri(BaseUrl) };

    public async Task<HttpClient> SignIn(string tenant, string userId)
    {
        using var anonymous = Http();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { tenant, userId, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
        var http = Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
