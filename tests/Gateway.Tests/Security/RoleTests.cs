namespace Engine.Tests.Security;

using System.Net;
using System.Net.Http.Json;
using Engine.Tests.Conversations;

/// <summary>Each role reaches what its work needs and nothing more; people act only as themselves.</summary>
public sealed class RoleTests(SecuredEngine engine) : IClassFixture<SecuredEngine>
{
    private readonly string _tenant = $"role-{Guid.NewGuid():N}"[..16];

    private async Task<string> Conversation()
    {
        using var key = await engine.WithKey(_tenant, "boss", "integration");
        var created = await ApiClient.Json(await key.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/inbound", SecuredEngine.Message($"m-{Guid.NewGuid():N}")));
        return (string)created["conversationId"]!;
    }

    [Fact]
    public async Task An_agent_cannot_change_configuration_or_watch_the_floor()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]));
        using var ann = await engine.SignIn(_tenant, "ann");

        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/sla/settings", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/queues/vip", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/api-keys", new { name = "k", roles = new[] { "admin" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync($"/api/v1/tenants/{_tenant}/reports/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/users/ann", new { displayName = "Ann", roles = new[] { "admin" } })).StatusCode);
    }

    [Fact]
    public async Task A_reviewer_cannot_change_routing_or_reply()
    {
        await engine.CreateTenant(_tenant, ("rita", ["reviewer"]));
        var id = await Conversation();
        using var rita = await engine.SignIn(_tenant, "rita");

        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/routing/settings", new { defaultQueue = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await rita.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/conversations/{id}/replies", new { threadId = 1, text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rita.GetAsync($"/api/v1/tenants/{_tenant}/conversations/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_integration_key_can_post_messages_but_not_read_conversations()
    {
        await engine.CreateTenant(_tenant);
        var id = await Conversation();
        using var key = await engine.WithKey(_tenant, "boss", "integration");

        Assert.Equal(HttpStatusCode.Forbidden, (await key.GetAsync($"/api/v1/tenants/{_tenant}/conversations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await key.GetAsync($"/api/v1/tenants/{_tenant}/conversations")).StatusCode);
    }

    [Fact]
    public async Task An_agent_replies_as_herself_and_cannot_reply_as_a_colleague()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]), ("bob", ["agent"]));
        var id = await Conversation();
        using var ann = await engine.SignIn(_tenant, "ann");

        var asBob = await ann.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/conversations/{id}/replies", new { threadId = 1, agentId = "bob", text = "I am Bob" });
        var asHerself = await ann.PostAsJsonAsync($"/api/v1/tenants/{_tenant}/conversations/{id}/replies", new { threadId = 1, text = "Hi, Ann here" });

        Assert.Equal(HttpStatusCode.Forbidden, asBob.StatusCode);
        Assert.Equal(HttpStatusCode.Created, asHerself.StatusCode);
        var conversation = await ApiClient.Json(await ann.GetAsync($"/api/v1/tenants/{_tenant}/conversations/{id}"));
        var outbound = conversation["threads"]![0]!["messages"]!.AsArray().Where(m => (string?)m!["direction"] == "outbound").ToList();
        Assert.Equal(["Hi, Ann here"], outbound.Select(m => (string?)m!["text"]));
        Assert.Equal("ann", (string?)outbound[0]!["author"]!["identity"]);
    }

    [Fact]
    public async Task An_agent_cannot_accept_offers_or_set_presence_for_a_colleague()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]), ("bob", ["agent"]));
        using var ann = await engine.SignIn(_tenant, "ann");

        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PutAsJsonAsync($"/api/v1/tenants/{_tenant}/agents/bob/presence", new { presence = "away" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsync($"/api/v1/tenants/{_tenant}/agents/bob/offers/{Guid.NewGuid()}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync($"/api/v1/tenants/{_tenant}/agents/bob/offers")).StatusCode);
    }
}
