namespace Engine.Tests.Reliability;

using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

/// <summary>
/// Every endpoint of the API that takes a body, found from the running app's routes (so new endpoints are covered
/// without being listed), gets every class of bad input. Each answer must be a 4xx problem, never a 5xx, and the
/// tenant's stored conversation must be unchanged afterwards. The table of what was tried is written to the output
/// and to <c>bad-input-table.md</c> beside the test assembly (copied into docs/RELIABILITY.md).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class BadInputTableTests(EngineApiFactory factory, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_body_taking_endpoint_answers_every_bad_input_with_a_4xx_problem_and_changes_nothing()
    {
        var tenant = $"bit-{Guid.NewGuid():N}"[..16];
        var api = new ApiClient(factory.CreateClient(), tenant);
        var sentinel = await api.Send(ApiClient.Inbound("sentinel-1"));
        var conversationId = (string)sentinel["conversationId"]!;
        var before = Stored(await api.Get($"/conversations/{conversationId}"));

        var endpoints = BodyEndpoints();
        Assert.True(endpoints.Count >= 15, $"only {endpoints.Count} body-taking endpoints found");
        var table = new Dictionary<(string Class, int Status), int>();
        var failures = new List<string>();
        foreach (var (method, template) in endpoints)
        {
            var path = Fill(template, tenant, conversationId);
            foreach (var bad in BadInputCase.ForBodies())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = bad.Body() };
                using var response = await api.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                table[(bad.Class, status)] = table.GetValueOrDefault((bad.Class, status)) + 1;
                var type = response.Content.Headers.ContentType?.MediaType;
                // 404/403/409/422 are right too when the route's ids decide first (an unknown agent, a missing offer).
                var fine = bad.Acceptable.Contains(status) || status is 403 or 404 or 405 or 409 or 422
                    || (status == 401 && !template.Contains("{tenant}", StringComparison.Ordinal)); // operator-only, no key here
                if (!fine || type != "application/problem+json")
                    failures.Add($"{method} {template} <- {bad.Class}: {status} {type}");
            }
        }

        var after = Stored(await api.Get($"/conversations/{conversationId}"));
        var markdown = Markdown(table, endpoints.Count);
        output.WriteLine(markdown);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "bad-input-table.md"), markdown);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, after);
    }

    /// <summary>What is stored, leaving out the clocks, which run on by themselves.</summary>
    private static string Stored(System.Text.Json.Nodes.JsonObject view) =>
        $"{view["version"]}|{view["status"]}|{view["updatedAt"]}|{view["threads"]!.AsArray().Sum(t => t!["messages"]!.AsArray().Count)}";

    private List<(string Method, string Template)> BodyEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Where(e => e.Item2.StartsWith("/api/", StringComparison.Ordinal))
            .Distinct().OrderBy(e => e.Item2).ToList();

    private static string Fill(string template, string tenant, string conversationId) =>
        RouteParameter().Replace(template, m => m.Groups[1].Value switch
        {
            "tenant" => tenant,
            "conversationId" => conversationId,
            var name when name.EndsWith("Id", StringComparison.Ordinal) && name is "offerId" or "draftId" or "customerId" or "id" => Guid.NewGuid().ToString(),
            _ => "probe-1",
        });

    private static string Markdown(Dictionary<(string Class, int Status), int> table, int endpoints)
    {
        var text = new StringBuilder();
        text.AppendLine($"| input class | status | tried ({endpoints} endpoints) |");
        text.AppendLine("|---|---|---|");
        foreach (var ((cls, status), count) in table.OrderBy(t => t.Key.Class).ThenBy(t => t.Key.Status))
            text.AppendLine($"| {cls} | {status} | {count} |");
        return text.ToString();
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
