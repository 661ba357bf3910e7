namespace Engine.Tests.Reporting;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Replay;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Engine.Tests.Replay;

/// <summary>KPIs come from the recorded events and agree with a recount made without the engine.</summary>
[Collection(ReplayCollection.Name)]
public sealed class KpiReportTests(OrderedReplayFixture replay)
{
    private const string AllTime = "from=2010-01-01T00:00:00Z&to=2018-12-31T00:00:00Z"; // the slice runs from 2011 to Dec 2017

    private async Task<JsonObject> Kpis(HttpClient http, string tenant, string query)
    {
        var response = await http.GetAsync($"/api/v1/tenants/{tenant}/reports/kpis?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ApiClient.Json(response);
    }

    [Fact]
    public async Task Corpus_kpis_agree_with_a_recount_from_the_csv()
    {
        // Recount from the corpus itself: per thread, a customer tweet is answered when a brand tweet of the same
        // thread comes after it in time.
        var tweets = replay.Plan.Messages.Select(m => m.Body).ToList();
        var answered = 0;
        foreach (var thread in tweets.GroupBy(t => t.ThreadKey))
        {
            var ordered = thread.OrderBy(t => t.Timestamp).ThenBy(t => t.PlatformMessageId, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
                if (ordered[i].Author.Kind == "customer" && ordered.Skip(i + 1).Any(t => t.Author.Kind == "agent")) answered++;
        }
        var customer = tweets.Count(t => t.Author.Kind == "customer");

        var http = replay.Engine.CreateClient();
        int totalIn = 0, totalOut = 0, totalAnswered = 0, conversations = 0;
        foreach (var tenant in replay.Plan.Messages.Select(m => m.Tenant).Distinct())
        {
            var row = Assert.Single((await Kpis(http, tenant, AllTime))["rows"]!.AsArray())!;
            totalIn += (int)row["messagesIn"]!;
            totalOut += (int)row["messagesOut"]!;
            totalAnswered += (int)row["messagesInAnswered"]!;
            conversations += (int)row["conversations"]!;
        }

        Assert.Equal(customer, totalIn);
        Assert.Equal(tweets.Count - customer, totalOut);
        Assert.Equal(answered, totalAnswered);
        Assert.Equal(replay.Plan.Threads, conversations);
    }

    [Fact]
    public async Task A_tenants_report_has_response_times_and_a_csv_with_the_same_rows()
    {
        var http = replay.Engine.CreateClient();
        var json = await Kpis(http, "AppleSupport", AllTime + "&by=channel");
        var row = Assert.Single(json["rows"]!.AsArray())!;
        Assert.Equal("x", (string?)row["group"]);
        Assert.Equal(85, (int)row["conversations"]!);
        Assert.NotNull(row["firstResponseMedian"]);

        var csv = await (await http.GetAsync($"/api/v1/tenants/AppleSupport/reports/kpis?{AllTime}&by=channel&format=csv")).Content.ReadAsStringAsync();
        var lines = csv.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("group,conversations,messages_in", lines[0]);
        Assert.StartsWith($"x,85,{(int)row["messagesIn"]!},{(int)row["messagesOut"]!},", lines[1]);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("by=team", "by")]
    [InlineData("format=xml", "format")]
    public async Task Bad_report_queries_name_the_field(string query, string field)
    {
        var response = await replay.Engine.CreateClient().GetAsync($"/api/v1/tenants/AppleSupport/reports/kpis?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.Json(response))["errors"]!.AsObject().ContainsKey(field));
    }
}

/// <summary>Resolutions, reopens and public → private hand-offs, counted from the status and thread events.</summary>
[Collection(ApiCollection.Name)]
public sealed class KpiLifecycleTests(EngineApiFactory factory)
{
    [Fact]
    public async Task Resolutions_reopens_and_handoffs_are_counted_in_their_range()
    {
        var api = new ApiClient(factory.CreateClient(), $"kpi-{Guid.NewGuid():N}"[..16]);
        var id = (string)(await api.Send(ApiClient.Inbound("k1", "x:5", timestamp: "2026-11-02T09:00:00Z")))["conversationId"]!;
        await api.Send(ApiClient.Inbound("k2", "x:brand", "agent", inReplyTo: "k1", timestamp: "2026-11-02T09:10:00Z"));
        await api.Send(ApiClient.Inbound("k3", "x:5", threadKey: "dm-5", visibility: "private", timestamp: "2026-11-02T09:20:00Z"));
        await api.Post($"/conversations/{id}/status", new JsonObject { ["status"] = "resolved", ["by"] = "agent-1" });
        await api.Send(ApiClient.Inbound("k4", "x:5", threadKey: "dm-5", visibility: "private", timestamp: "2026-11-02T09:40:00Z"));

        var report = await api.Get($"/reports/kpis?from=2026-11-01T00:00:00Z&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}&by=visibility");
        var rows = report["rows"]!.AsArray().ToDictionary(r => (string)r!["group"]!);
        Assert.Equal(1, (int)rows["public"]!["conversations"]!);
        Assert.Equal(1, (int)rows["public"]!["resolved"]!);
        Assert.Equal(1, (int)rows["public"]!["reopened"]!);
        Assert.Equal(1.0, (double)rows["public"]!["reopenRate"]!);
        Assert.Equal(1, (int)rows["public"]!["publicToPrivateHandoffs"]!);
        Assert.Equal("00:10:00", (string?)rows["public"]!["firstResponseMedian"]);
        Assert.Equal(2, (int)rows["private"]!["messagesIn"]!);
        Assert.Equal(0, (int)rows["private"]!["messagesInAnswered"]!);
        Assert.Equal(1, (int)rows["public"]!["messagesInAnswered"]!);
    }
}
