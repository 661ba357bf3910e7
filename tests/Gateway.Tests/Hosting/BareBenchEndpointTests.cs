namespace Engine.Tests.Hosting;

using System.Net;
using System.Net.Http.Headers;
using Engine.Gateway.Security;
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

    private static HttpClient Client(EngineApiFactory engine, string[] roles)
    {
        var http = engine.CreateClient();
        var token = engine.Services.GetRequiredService<TokenIssuer>().Issue(Tenant, "bench-caller", "Bench caller", roles).AccessToken;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string path) =>
        http.PostAsync(path, new StringContent(ApiClient.Inbound($"bare-{Guid.NewGuid():N}").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
}
