namespace Engine.Tests.Reporting;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>The agent report lists the tenant's roster with time, assignments and replies from the agents' activity logs.</summary>
[Collection(ApiCollection.Name)]
public sealed class AgentOccupancyReportTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"occ-{Guid.NewGuid():N}"[..16]);

    private async Task Put(string path, JsonNode body) =>
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.PutAsync(_api.Base + path,
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);

    private static JsonObject Profile() => new()
    {
        ["skills"] = new JsonObject { ["lang:en"] = 2 }, ["capacity"] = new JsonObject { ["social"] = 2 }, ["queues"] = new JsonArray("general"),
    };

    [Fact]
    public async Task Each_agent_of_the_tenant_gets_a_row_with_its_assignments_replies_and_time_in_json_and_csv()
    {
        await Put("/agents/ann", Profile());
        await Put("/agents/bob", Profile()); // never signs in
        await Put("/agents/ann/presence", new JsonObject { ["presence"] = "away" }); // away: signed in, gets no offers
        var now = DateTimeOffset.UtcNow;
        var id = (string)(await _api.Send(ApiClient.Inbound("o1", "x:7", timestamp: now.ToString("O"))))["conversationId"]!;
        var assigned = await _api.Post($"/conversations/{id}/assignment", new JsonObject { ["agentId"] = "ann", ["by"] = "sue" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        var reply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "ann", ["text"] = "hi" });
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        await Task.Delay(50);

        var range = $"from={Uri.EscapeDataString(now.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddHours(1).ToString("O"))}";
        var rows = (await _api.Get($"/reports/agents?{range}"))["rows"]!.AsArray().ToDictionary(r => (string)r!["agentId"]!);

        Assert.Equal(["ann", "bob"], rows.Keys.Order(StringComparer.Ordinal));
        var ann = rows["ann"]!;
        Assert.Equal(1, (int)ann["assignments"]!);
        Assert.Equal(1, (int)ann["replies"]!);
        Assert.Equal("00:00:00", (string?)ann["available"]);
        Assert.True(TimeSpan.Parse((string)ann["handle"]!) > TimeSpan.Zero);
        Assert.InRange((double)ann["occupancy"]!, 0.0001, 1.0); // assigned after signing in, so never more than signed-in time
        Assert.Equal("00:00:00", (string?)rows["bob"]!["signedIn"]);
        Assert.Null(rows["bob"]!["occupancy"]);

        var csv = (await (await _api.Http.GetAsync($"{_api.Base}/reports/agents?{range}&format=csv")).Content.ReadAsStringAsync()).Trim().Split('\n');
        Assert.Equal("agent,signed_in_s,available_s,handle_s,occupancy,assignments,replies", csv[0].TrimEnd('\r'));
        Assert.Equal(3, csv.Length);
        Assert.Matches(@"^ann,[0-9.]+,0,[0-9.]+,[0-9.]+,1,1$", csv[1].TrimEnd('\r'));
        Assert.Equal("bob,0,0,0,,0,0", csv[2].TrimEnd('\r'));
    }

    [Theory]
    [InlineData("format=xml", "format")]
    [InlineData("to=soon", "to")]
    public async Task Bad_agent_report_queries_name_the_field(string query, string field)
    {
        var response = await _api.Http.GetAsync($"{_api.Base}/reports/agents?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.Json(response))["errors"]!.AsObject().ContainsKey(field));
    }
}
