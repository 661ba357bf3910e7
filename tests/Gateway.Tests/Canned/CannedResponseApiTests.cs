namespace Engine.Tests.Canned;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Canned responses through the API: saved per tenant, rendered for a conversation, and counted in the KPI report.</summary>
[Collection(ApiCollection.Name)]
public sealed class CannedResponseApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"canned-{Guid.NewGuid():N}"[..16]);

    private const string Thanks = "Hi {{customer.name|there}}, {{agent.name}} here. Ref {{case.reference|none}}.";

    private static JsonObject Draft(string shortcut, string text, string title = "Thanks") =>
        new() { ["shortcut"] = shortcut, ["title"] = title, ["text"] = text, ["by"] = "admin-1" };

    private async Task<string> Create(string shortcut, string text)
    {
        var response = await _api.Post("/canned-responses", Draft(shortcut, text));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await ApiClient.Json(response))["id"]!;
    }

    private async Task<string> StartConversation(string id, string name)
    {
        var inbound = ApiClient.Inbound(id, author: $"x:{id}");
        inbound["author"]!["name"] = name;
        return (string)(await _api.Send(inbound))["conversationId"]!;
    }

    [Fact]
    public async Task A_saved_response_is_found_by_shortcut_and_the_same_create_again_is_not_a_second_one()
    {
        var id = await Create("thanks", Thanks);
        var again = await _api.Post("/canned-responses", Draft("/THANKS", Thanks));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (string?)(await ApiClient.Json(again))["id"]);

        var clash = await _api.Post("/canned-responses", Draft("thanks", "Something else"));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);

        var found = await _api.Get("/canned-responses?q=/tha");
        Assert.Equal([id], found["items"]!.AsArray().Select(r => (string?)r!["id"]));
    }

    [Fact]
    public async Task An_unknown_variable_is_a_400_naming_text_and_its_position_and_nothing_is_saved()
    {
        var response = await _api.Post("/canned-responses", Draft("bad", "Hello {{customer.nmae}}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiClient.Json(response);
        Assert.Contains("position 7", (string?)problem["errors"]!["text"]![0]);
        Assert.Empty((await _api.Get("/canned-responses"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Update_delete_and_another_tenant_cannot_see_it()
    {
        var id = await Create("bye", "Bye {{customer.name}}");
        var put = await _api.Http.PutAsync($"{_api.Base}/canned-responses/{id}",
            JsonContent(Draft("bye", "Goodbye {{customer.name}}").With("expectedVersion", 1)));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(2, (int)(await ApiClient.Json(put))["version"]!);
        var stale = await _api.Http.PutAsync($"{_api.Base}/canned-responses/{id}", JsonContent(Draft("bye", "Ciao").With("expectedVersion", 1)));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var other = await _api.Http.GetAsync($"/api/v1/tenants/other-{Guid.NewGuid():N}"[..30] + $"/canned-responses/{id}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"{_api.Base}/canned-responses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"{_api.Base}/canned-responses/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"{_api.Base}/canned-responses/{id}")).StatusCode);
    }

    [Fact]
    public async Task Render_fills_in_the_customer_and_agent_and_reports_the_x_limit()
    {
        await _api.Http.PutAsync($"{_api.Base}/agents/bo", JsonContent(new JsonObject { ["displayName"] = "Bo" }));
        var conversation = await StartConversation("r1", "Ann");
        var id = await Create("thanks", Thanks);
        var longId = await Create("long", new string('x', 270) + " {{customer.name}} {{agent.name}}");

        var rendering = await _api.Get($"/canned-responses/{id}/render?conversationId={conversation}&agentId=bo");
        Assert.Equal("Hi Ann, Bo here. Ref none.", (string?)rendering["text"]);
        Assert.Equal("x", (string?)rendering["channel"]);
        Assert.Equal(26, (int)rendering["length"]!);
        Assert.Equal(280, (int)rendering["limit"]!);
        Assert.False((bool)rendering["exceedsLimit"]!);

        var tooLong = await _api.Get($"/canned-responses/{longId}/render?conversationId={conversation}&agentId=bo");
        Assert.Equal(277, (int)tooLong["length"]!); // 270 + " Ann" + " Bo"
        Assert.False((bool)tooLong["exceedsLimit"]!);
        await _api.Http.PutAsync($"{_api.Base}/agents/bo", JsonContent(new JsonObject { ["displayName"] = "Bo Jangles-Smith" }));
        tooLong = await _api.Get($"/canned-responses/{longId}/render?conversationId={conversation}&agentId=bo");
        Assert.Equal(291, (int)tooLong["length"]!);
        Assert.True((bool)tooLong["exceedsLimit"]!);

        var missing = await _api.Http.GetAsync($"{_api.Base}/canned-responses/{id}/render?agentId=bo");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await ApiClient.Json(missing))["errors"]!["conversationId"]);
    }

    [Fact]
    public async Task A_variable_with_no_value_and_no_fallback_renders_empty_and_is_reported()
    {
        var conversation = await StartConversation("m1", "Ann");
        var id = await Create("thanks", Thanks);
        var rendering = await _api.Get($"/canned-responses/{id}/render?conversationId={conversation}&agentId=nobody");
        Assert.Equal("Hi Ann,  here. Ref none.", (string?)rendering["text"]);
        Assert.Equal(["agent.name"], rendering["missingVariables"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task The_kpi_report_counts_canned_unedited_canned_edited_and_personal_replies()
    {
        await _api.Http.PutAsync($"{_api.Base}/agents/cy", JsonContent(new JsonObject { ["displayName"] = "Cy" }));
        var id = await Create("thanks", Thanks);
        foreach (var (message, text, canned, unedited) in new[]
                 {
                     ("k1", "Hi Ann, Cy here. Ref none.", true, true),
                     ("k2", "Hi Ann, Cy here. Ref none. Sorry again!", true, false),
                     ("k3", "Hi Ann, Cy here. Ref none.\r\n", true, true), // a trailing line break is not an edit
                     ("k4", "Let me check that for you.", false, false),
                 })
        {
            var conversation = await StartConversation(message, "Ann");
            var reply = new JsonObject { ["threadId"] = 1, ["agentId"] = "cy", ["text"] = text };
            if (canned) reply["cannedResponseId"] = id;
            var response = await _api.Post($"/conversations/{conversation}/replies", reply);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var sent = (await _api.Get($"/conversations/{conversation}"))["threads"]![0]!["messages"]![1]!;
            Assert.Equal(canned ? id : null, (string?)sent["canned"]?["responseId"]);
            Assert.Equal(canned ? unedited : null, (bool?)sent["canned"]?["unedited"]);
        }

        const string allTime = "from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z";
        var row = Assert.Single((await _api.Get($"/reports/kpis?{allTime}"))["rows"]!.AsArray())!;
        Assert.Equal(2, (int)row["cannedUneditedReplies"]!);
        Assert.Equal(1, (int)row["cannedEditedReplies"]!);
        Assert.Equal(1, (int)row["personalReplies"]!);
        var csv = (await _api.Http.GetStringAsync($"{_api.Base}/reports/kpis?{allTime}&format=csv")).Trim().Split('\n');
        var header = csv[0].TrimEnd('\r').Split(',');
        var values = csv[1].TrimEnd('\r').Split(',');
        Assert.Equal(header.Length, values.Length);
        string Column(string name) => values[Array.IndexOf(header, name)];
        Assert.Equal(("2", "1", "1"), (Column("canned_unedited_replies"), Column("canned_edited_replies"), Column("personal_replies")));
    }

    [Fact]
    public async Task A_reply_naming_an_unknown_canned_response_is_refused_and_not_stored()
    {
        var conversation = await StartConversation("u1", "Ann");
        var reply = new JsonObject { ["threadId"] = 1, ["agentId"] = "cy", ["text"] = "Hi", ["cannedResponseId"] = "nope" };
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Post($"/conversations/{conversation}/replies", reply)).StatusCode);
        Assert.Single((await _api.Get($"/conversations/{conversation}"))["threads"]![0]!["messages"]!.AsArray());
    }

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}

internal static class JsonObjectExtensions
{
    public static JsonObject With(this JsonObject json, string key, JsonNode? value)
    {
        json[key] = value;
        return json;
    }
}
