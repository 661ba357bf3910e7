namespace Engine.Tests.Security;

using System.Net;
using System.Net.Http.Json;
using Engine.Tests.Conversations;

/// <summary>One tenant's people never reach another tenant's conversations, by its path or by guessing ids.</summary>
public sealed class TenantIsolationTests(SecuredEngine engine) : IClassFixture<SecuredEngine>
{
    private readonly string _a = $"iso-a-{Guid.NewGuid():N}"[..16];
    private readonly string _b = $"iso-b-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task An_agent_of_one_tenant_cannot_read_list_reply_to_or_stream_another_tenants_conversations()
    {
        await engine.CreateTenant(_a, ("ann", ["agent", "supervisor"]));
        await engine.CreateTenant(_b, ("bob", ["agent"]));
        using var bobKey = await engine.WithKey(_b, "boss", "integration");
        var created = await ApiClient.Json(await bobKey.PostAsJsonAsync($"/api/v1/tenants/{_b}/inbound", SecuredEngine.Message("b-1")));
        var id = (string)created["conversationId"]!;
        using var ann = await engine.SignIn(_a, "ann");

        // Through the other tenant's path: refused before anything is read.
        var paths = new[]
        {
            $"/api/v1/tenants/{_b}/conversations",
            $"/api/v1/tenants/{_b}/conversations/{id}",
            $"/api/v1/tenants/{_b}/supervisor/feed",
            $"/api/v1/tenants/{_b}/supervisor/feed/stream",
            $"/api/v1/tenants/{_b}/reports/kpis",
            $"/api/v1/tenants/{_b}/queues",
        };
        foreach (var path in paths)
            Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync(path)).StatusCode);
        var reply = await ann.PostAsJsonAsync($"/api/v1/tenants/{_b}/conversations/{id}/replies", new { threadId = 1, text = "hi" });
        Assert.Equal(HttpStatusCode.Forbidden, reply.StatusCode);

        // Through her own tenant's path with the other tenant's conversation id: it does not exist for her.
        Assert.Equal(HttpStatusCode.NotFound, (await ann.GetAsync($"/api/v1/tenants/{_a}/conversations/{id}")).StatusCode);
        var sneaky = await ann.PostAsJsonAsync($"/api/v1/tenants/{_a}/conversations/{id}/replies", new { threadId = 1, text = "hi" });
        Assert.Equal(HttpStatusCode.NotFound, sneaky.StatusCode);
        var list = await ApiClient.Json(await ann.GetAsync($"/api/v1/tenants/{_a}/conversations"));
        Assert.Empty(list["items"]!.AsArray());

        // Nothing changed for the owner.
        using var bob = await engine.SignIn(_b, "bob");
        var conversation = await ApiClient.Json(await bob.GetAsync($"/api/v1/tenants/{_b}/conversations/{id}"));
        Assert.Single(conversation["threads"]![0]!["messages"]!.AsArray());
    }

    [Fact]
    public async Task An_integration_key_of_one_tenant_cannot_post_into_another()
    {
        await engine.CreateTenant(_a);
        await engine.CreateTenant(_b);
        using var aKey = await engine.WithKey(_a, "boss", "integration");

        var response = await aKey.PostAsJsonAsync($"/api/v1/tenants/{_b}/inbound", SecuredEngine.Message("x-1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var bAdmin = await engine.SignIn(_b, "boss");
        var list = await ApiClient.Json(await bAdmin.GetAsync($"/api/v1/tenants/{_b}/conversations"));
        Assert.Empty(list["items"]!.AsArray());
    }
}
