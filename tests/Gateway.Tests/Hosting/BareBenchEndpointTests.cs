namespace Engine.Tests.Hosting;

using System.Net;
using System.Net.Http.Headers;
using Engine.Benchmarking;
using Engine.Conversations;
using Engine.Gateway.Security;
using Engine.Realtime;
using Engine.Tests.Conversations;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The benchmark baselines exist only when <c>Bench:BareEndpoint</c> is set, and then hold the inbound endpoint's rules.</summary>
[Collection(ApiCollection.Name)]
public sealed class BareBenchEndpointTests(EngineApiFactory defaultEngine)
{
    private const string Tenant = "bench-bare";

    [Fact]
    public async Task Without_the_setting_neither_baseline_is_mapped()
    {
        using var http = Client(defaultEngine, [EngineRoles.Integration]);

        Assert.Equal(HttpStatusCode.NotFound, (await Post(http, $"/bench/tenants/{Tenant}/bare")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(http, "/bench/bare")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(http, $"/bench/tenants/{Tenant}/stored")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(http, $"/bench/tenants/{Tenant}/stored-in-silo")).StatusCode);
        // The real endpoint answers the same request on the same engine, so the 404s are about the route, not the request.
        Assert.Equal(HttpStatusCode.Created, (await Post(http, $"/api/v1/tenants/{Tenant}/inbound")).StatusCode);
    }

    [Fact]
    public async Task With_the_setting_the_baselines_answer_like_the_inbound_endpoint_and_keep_its_checks()
    {
        await using var engine = new EngineApiFactory().With("Bench:BareEndpoint", "true");
        using var integration = Client(engine, [EngineRoles.Integration]);
        using var agent = Client(engine, [EngineRoles.Agent]);
        using var anonymous = engine.CreateClient();

        var created = await Post(integration, $"/bench/tenants/{Tenant}/bare");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("accepted", (string?)(await ApiClient.Json(created))["status"]);
        Assert.Equal(HttpStatusCode.Created, (await Post(anonymous, "/bench/bare")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Post(anonymous, $"/bench/tenants/{Tenant}/bare")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(agent, $"/bench/tenants/{Tenant}/bare")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(integration, "/bench/tenants/other-tenant/bare")).StatusCode);
        var invalid = ApiClient.Inbound("bare-2");
        invalid.Remove("author");
        Assert.Equal(HttpStatusCode.BadRequest, (await integration.PostAsync($"/bench/tenants/{Tenant}/bare",
            new StringContent(invalid.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        // Nothing reached the cluster: the message a baseline accepted is not stored.
        using var reader = Client(engine, [.. EngineRoles.All]);
        Assert.Empty((await ApiClient.Json(await reader.GetAsync($"/api/v1/tenants/{Tenant}/conversations")))["items"]!.AsArray());
    }

    [Theory]
    [InlineData("stored")]
    [InlineData("stored-in-silo")]
    public async Task The_store_floor_appends_each_message_to_its_threads_own_log_and_stream_out_of_every_tenants_sight(string floor)
    {
        await using var engine = new EngineApiFactory().With("Bench:BareEndpoint", "true");
        using var integration = Client(engine, [EngineRoles.Integration]);
        using var agent = Client(engine, [EngineRoles.Agent]);

        var first = await ApiClient.Json(await Post(integration, $"/bench/tenants/{Tenant}/{floor}", "floor-1", "thread-a"));
        var second = await ApiClient.Json(await Post(integration, $"/bench/tenants/{Tenant}/{floor}", "floor-2", "thread-a"));
        var other = await ApiClient.Json(await Post(integration, $"/bench/tenants/{Tenant}/{floor}", "floor-3", "thread-b"));

        var conversationId = Guid.Parse((string)first["conversationId"]!);
        Assert.Equal(conversationId, Guid.Parse((string)second["conversationId"]!));
        Assert.NotEqual(conversationId, Guid.Parse((string)other["conversationId"]!));
        Assert.Equal([1L, 2L, 1L], new[] { first, second, other }.Select(r => (long)r["sequence"]!));
        var log = await engine.Services.GetRequiredService<IConversationStore>().Load(conversationId, CancellationToken.None);
        Assert.Equal(["floor-1", "floor-2"], log.Events.Cast<MessageAdded>().Select(m => m.PlatformMessageId));
        var stream = RealtimeStreams.Key(Tenant + StoreFloor.TenantSuffix, RealtimeStreams.Conversation(conversationId));
        var streams = engine.Services.GetRequiredService<IRealtimeStreamStore>();
        // The stream rows are not waited for, as the conversation's publications are not.
        var rows = await Eventually(async () => await streams.Load(stream, 10, CancellationToken.None), s => s.Events.Count == 2);
        Assert.Equal([1L, 2L], rows.Events.Select(e => e.Sequence));
        Assert.Contains("floor-2", rows.Events[1].Data);

        // The floor keeps the inbound endpoint's checks, and its rows stay out of the tenant's lists.
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(agent, $"/bench/tenants/{Tenant}/{floor}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(integration, $"/bench/tenants/other-tenant/{floor}")).StatusCode);
        using var reader = Client(engine, [.. EngineRoles.All]);
        Assert.Empty((await ApiClient.Json(await reader.GetAsync($"/api/v1/tenants/{Tenant}/conversations")))["items"]!.AsArray());
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; ; i++)
        {
            var value = await read();
            if (done(value) || i == 100) return value;
            await Task.Delay(50);
        }
    }

    private static HttpClient Client(EngineApiFactory engine, string[] roles)
    {
        var http = engine.CreateClient();
        var token = engine.Services.GetRequiredService<TokenIssuer>().Issue(Tenant, "bench-caller", "Bench caller", roles).AccessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, string? id = null, string? threadKey = null) =>
        http.PostAsync(path, new StringContent(ApiClient.Inbound(id ?? $"bare-{Guid.NewGuid():N}", threadKey: threadKey).ToJsonString(),
            System.Text.Encoding.UTF8, "application/json"));
}
