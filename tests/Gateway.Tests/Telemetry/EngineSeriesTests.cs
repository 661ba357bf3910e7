namespace Engine.Tests.Telemetry;

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Engine.Tests.Tools;

/// <summary>The routing, response, approval and gauge series appear on <c>/metrics</c> and move when traffic flows.</summary>
[Collection(ApiCollection.Name)]
public sealed class EngineSeriesTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"es-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    /// <summary>The sample of a series of this test's tenant whose line carries every fragment given; null when absent.</summary>
    private double? Sample(string scrape, string name, params string[] fragments)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith(name + "{", StringComparison.Ordinal)
            && l.Contains($"engine_tenant=\"{_api.Tenant}\"") && fragments.All(l.Contains));
        return line is null ? null : double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private async Task<string> Scrape() => await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();

    /// <summary>An agent takes one conversation and answers it.</summary>
    private async Task Traffic()
    {
        Assert.Equal(HttpStatusCode.OK, (await Put("/agents/ann", new JsonObject
        {
            ["displayName"] = "Ann", ["skills"] = new JsonObject(), ["capacity"] = new JsonObject { ["social"] = 3, ["chat"] = 1 },
            ["queues"] = new JsonArray("general"),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put("/agents/ann/presence", new JsonObject { ["presence"] = "available" })).StatusCode);
        var id = (await _api.Send(ApiClient.Inbound("es-1")))["conversationId"]!.GetValue<string>();

        string? offerId = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(15); offerId is null && DateTime.UtcNow < deadline; await Task.Delay(25))
        {
            var offers = await ApiClient.JsonNode(await _api.Http.GetAsync($"{_api.Base}/agents/ann/offers"));
            offerId = offers.AsArray().FirstOrDefault(o => o!["conversationId"]!.GetValue<string>() == id)?["offerId"]?.ToString();
        }
        Assert.NotNull(offerId);
        Assert.True((await _api.Http.PostAsync($"{_api.Base}/agents/ann/offers/{offerId}/accept", null)).IsSuccessStatusCode);
        Assert.True((await _api.Post($"/conversations/{id}/replies",
            new JsonObject { ["threadId"] = 1, ["agentId"] = "ann", ["text"] = "On it." })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Offer_assignment_response_and_agent_series_move_when_an_agent_takes_and_answers_a_conversation()
    {
        await Traffic();
        var scrape = await Scrape();

        Assert.Equal(1, Sample(scrape, "engine_routing_offers_total", "engine_outcome=\"accepted\""));
        Assert.Equal(1, Sample(scrape, "engine_routing_time_to_assignment_seconds_count"));
        Assert.Equal(1, Sample(scrape, "engine_response_first_seconds_count", "engine_channel=\"x\""));
        Assert.Null(Sample(scrape, "engine_response_next_seconds_count"));
        Assert.Equal(1, Sample(scrape, "engine_agents", "engine_presence=\"available\""));
        Assert.Equal(1, Sample(scrape, "engine_agents_load"));
        Assert.Equal(4, Sample(scrape, "engine_agents_capacity"));
        // The partition published at activation; its timer keeps it current every 5 s.
        Assert.NotNull(Sample(scrape, "engine_queue_depth", "engine_queue=\"general\""));
    }

    [PromtoolFact]
    public async Task The_new_series_pass_promtool_lint()
    {
        await Traffic();
        var scrape = await Scrape();
        var ours = string.Join('\n', scrape.Split('\n').Where(l =>
            l.StartsWith("engine_", StringComparison.Ordinal) || l.StartsWith("# HELP engine_", StringComparison.Ordinal)
            || l.StartsWith("# TYPE engine_", StringComparison.Ordinal))) + "\n";
        foreach (var name in new[] { "engine_routing_offers_total", "engine_routing_time_to_assignment_seconds", "engine_response_first_seconds",
                     "engine_agents", "engine_agents_load", "engine_agents_capacity", "engine_queue_depth", "engine_queue_offered",
                     "engine_queue_longest_wait_seconds" })
            Assert.Contains($"# TYPE {name} ", ours);
        var (exitCode, output) = await Promtool.CheckMetrics(ours);
        Assert.True(exitCode == 0, output);
    }
}
