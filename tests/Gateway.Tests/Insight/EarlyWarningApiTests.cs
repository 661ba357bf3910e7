namespace Engine.Tests.Insight;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Both kinds of spike reach the supervisors' feed and the alert metric, tagged with their reason.</summary>
[Collection(ApiCollection.Name)]
public sealed class EarlyWarningApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"ew-{Guid.NewGuid():N}"[..16]);

    private static JsonObject Engagement(string postId, string at, long likes, long reposts = 0, long replies = 0) => new()
    {
        ["channel"] = "x", ["platformMessageId"] = postId, ["likes"] = likes, ["reposts"] = reposts, ["replies"] = replies, ["observedAt"] = at,
    };

    private async Task<JsonArray> Feed() => (await _api.Get("/supervisor/feed"))["events"]!.AsArray();

    private async Task<string> Metrics() => await (await _api.Http.GetAsync("/metrics")).Content.ReadAsStringAsync();

    private bool Counted(string scrape, string reason) => scrape.Split('\n').Any(l => l.StartsWith("engine_alerts_published_total{", StringComparison.Ordinal)
        && l.Contains($"engine_tenant=\"{_api.Tenant}\"") && l.Contains($"engine_alert_reason=\"{reason}\""));

    [Fact]
    public async Task A_post_whose_engagement_grows_past_the_threshold_raises_one_alert_and_its_risk()
    {
        var post = ApiClient.Inbound("p1");
        post["text"] = "Your airline lost my bag and nobody answers";
        var ingested = await _api.Send(post);

        var calm = await ApiClient.Json(await _api.Post("/engagement", Engagement("p1", "2026-11-02T09:00:00Z", likes: 10)));
        Assert.Null(calm["alert"]);
        Assert.Equal((string?)ingested["conversationId"], (string?)calm["conversationId"]);

        // 2 minutes later: (600 + 3×100 + 2×50) / 2 = 500 weighted per minute, past the default 50.
        var spiking = await ApiClient.Json(await _api.Post("/engagement", Engagement("p1", "2026-11-02T09:02:00Z", likes: 610, reposts: 100, replies: 50)));
        Assert.Equal("engagementSpike", (string?)spiking["alert"]!["kind"]);
        Assert.Equal(500, (double)spiking["velocity"]!["weighted"]!, 3);
        var again = await ApiClient.Json(await _api.Post("/engagement", Engagement("p1", "2026-11-02T09:03:00Z", likes: 900, reposts: 150, replies: 60)));
        Assert.Null(again["alert"]);

        var view = await _api.Get($"/conversations/{ingested["conversationId"]}");
        Assert.Contains(view["risk"]!["reasons"]!.AsArray(), r => (string?)r!["factor"] == "engagement");
        var alert = Assert.Single(await Feed());
        Assert.Equal("early-warning", (string?)alert!["kind"]);
        Assert.Contains("p1", (string?)alert["text"]);
        Assert.True(Counted(await Metrics(), "engagement-spike"));
    }

    [Fact]
    public async Task Several_high_risk_posts_on_one_topic_within_the_window_raise_a_topic_alert()
    {
        var put = await _api.Http.PutAsync(_api.Base + "/risk/settings", new StringContent("""
            {"categories":[{"name":"legal","terms":["lawyer"],"weight":30,"atLeast":"high"}],"alerts":{"clusterSize":3,"highRiskAt":40}}
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        for (var i = 1; i <= 3; i++)
        {
            var message = ApiClient.Inbound($"l{i}", author: $"x:{i}");
            message["text"] = "Terrible, awful service. Talking to my lawyer.";
            await _api.Send(message);
            if (i < 3) Assert.Empty(await Feed());
        }

        // The detector hears of each message one-way, after it is stored.
        await Eventually.TrueAsync(async () => (await Feed()).Count == 1, TimeSpan.FromSeconds(10), "no topic alert");
        var alert = (await Feed())[0]!;
        Assert.Contains("'lawyer'", (string?)alert["text"]);
        Assert.Contains("l1, l2, l3", (string?)alert["text"]);
        Assert.True(Counted(await Metrics(), "topic-cluster"));
    }

    [Fact]
    public async Task A_bad_engagement_update_is_refused_naming_the_fields()
    {
        var response = await _api.Post("/engagement", new JsonObject { ["channel"] = "x", ["likes"] = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiClient.Json(response))["errors"]!.AsObject();
        Assert.Equal(["likes", "observedAt", "platformMessageId"], errors.Select(e => e.Key).Order());
    }
}
