namespace Engine.Tests.Hosting;

using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

/// <summary>The web front ends are static files served to anyone (they hold no data); the API behind them is not.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebFrontEndFilesTests(EngineApiFactory factory)
{
    private HttpClient Anonymous()
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add(TestCredentials.Anonymous, "1");
        return http;
    }

    [Fact]
    public async Task The_root_redirects_to_the_agent_desk()
    {
        using var http = Anonymous();
        var response = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/app/", "/assets/desk.js")]
    [InlineData("/wall/", "/assets/wall.js")]
    [InlineData("/chat/", "/assets/chat.js")]
    public async Task Each_page_is_served_without_signing_in_with_its_bundle(string page, string bundle)
    {
        using var http = Anonymous();
        var html = await http.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"src=\"{bundle}\"", await html.Content.ReadAsStringAsync());

        var script = await http.GetAsync(bundle);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.True((await script.Content.ReadAsByteArrayAsync()).Length > 1000, "The bundle is the built script, not a stub.");
    }

    [Fact]
    public async Task The_embed_snippet_and_the_styles_are_served_and_the_api_stays_protected()
    {
        using var http = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/chat/embed.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/assets/styles.css")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/tenants/web/conversations")).StatusCode);
    }
}
