namespace Engine.Tests.Audit;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Security;

public sealed class AuditTests(SecuredEngine engine) : IClassFixture<SecuredEngine>
{
    private readonly string _tenant = $"aud-{Guid.NewGuid():N}"[..16];

    private async Task<JsonArray> Entries(HttpClient admin) =>
        (await ApiClient.Json(await admin.GetAsync($"/api/v1/tenants/{_tenant}/audit")))["entries"]!.AsArray();

    [Fact]
    public async Task Administrative_actions_are_recorded_with_who_what_and_input_without_secrets()
    {
        await engine.CreateTenant(_tenant);
        using var boss = await engine.SignIn(_tenant, "boss");

        await boss.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/users/ann", new { displayName = "Ann", roles = new[] { "agent" }, password = SecuredEngine.Password });
        await boss.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/routing/settings", new { defaultQueue = "care", offlineGraceSeconds = 60, maxMissedOffers = 2 });
        var key = await ApiClient.Json(await boss.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/api-keys", new { name = "crm", roles = new[] { "integration" } }));

        var entries = await Entries(boss);
        var actions = entries.Select(e => (string?)e!["action"]).ToList();
        Assert.Contains("user.changed", actions);
        Assert.Contains("routing.settings.changed", actions);
        Assert.Contains("api-key.created", actions);
        Assert.All(entries, e => Assert.Equal("user:boss", (string?)e!["actor"]));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => (long)e!["sequence"]!));
        var userEntry = entries.Single(e => (string?)e!["action"] == "user.changed")!;
        Assert.Equal("userId=ann", (string?)userEntry["target"]);
        Assert.DoesNotContain(SecuredEngine.Password, userEntry.ToJsonString());
        Assert.Contains("[redacted]", (string?)userEntry["details"]);
        Assert.DoesNotContain((string)key["key"]!, entries.ToJsonString());
    }

    [Fact]
    public async Task A_refused_change_is_not_recorded_and_the_log_cannot_be_written_or_read_by_others()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent", "supervisor"]));
        using var boss = await engine.SignIn(_tenant, "boss");
        using var ann = await engine.SignIn(_tenant, "ann");

        var before = (await Entries(boss)).Count; // ann's creation
        var bad = await boss.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/users/x", new { displayName = "", roles = new[] { "agent" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(before, (await Entries(boss)).Count);

        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync($"/api/v1/tenants/{_tenant}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await boss.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/audit", new { action = "forged" })).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await boss.DeleteAsync($"/api/v1/tenants/{_tenant}/audit")).StatusCode);
        Assert.Equal(before, (await Entries(boss)).Count);
    }

    [Fact]
    public async Task A_bad_month_or_limit_names_the_field()
    {
        await engine.CreateTenant(_tenant);
        using var boss = await engine.SignIn(_tenant, "boss");

        var response = await boss.GetAsync($"/api/v1/tenants/{_tenant}/audit?month=2026-13&limit=0");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiClient.Json(response))["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("month", errors);
        Assert.Contains("limit", errors);
    }
}
