namespace Engine.Tests.Insight;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class RiskApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"risk-{Guid.NewGuid():N}"[..16]);

    private static JsonObject Message(string id, string text, long? followers = null, bool? verified = null, string author = "x:100")
    {
        var message = ApiClient.Inbound(id, author);
        message["text"] = text;
        if (followers is not null) message["author"]!["followers"] = followers;
        if (verified is not null) message["author"]!["verified"] = verified;
        return message;
    }

    private async Task<JsonObject> Conversation(JsonObject ingested) => await _api.Get($"/conversations/{ingested["conversationId"]}");

    [Fact]
    public async Task A_message_shows_its_risk_with_reasons_and_sets_the_conversations_priority()
    {
        var view = await Conversation(await _api.Send(Message("m1", "This is awful. I'm calling my lawyer.", followers: 120_000, verified: true)));

        Assert.Equal("urgent", (string?)view["priority"]);
        var risk = view["risk"]!;
        Assert.Contains("verified author 120k followers", (string?)risk["summary"]);
        Assert.Contains("'lawyer'", (string?)risk["summary"]);
        Assert.Equal(["lawyer"], risk["keywords"]!.AsArray().Select(k => (string?)k));
        Assert.Equal((double)risk["score"]!, (double)view["threads"]![0]!["messages"]![0]!["risk"]!["score"]!);
    }

    [Fact]
    public async Task Bad_author_influence_is_refused_naming_the_field()
    {
        var response = await _api.Post("/inbound", Message("m1", "hello", followers: -5));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiClient.Json(response))["errors"]!["author.followers"]);
    }

    [Fact]
    public async Task The_tenants_keyword_categories_decide_what_is_risky()
    {
        var defaults = await _api.Get("/risk/settings");
        Assert.Contains(defaults["categories"]!.AsArray(), c => (string?)c!["name"] == "legal");

        var put = await _api.Http.PutAsync(_api.Base + "/risk/settings", Json("""
            {"categories":[{"name":"outage","terms":["outage","down again"],"weight":45,"atLeast":"high"}],"highAt":40,"urgentAt":90}
            """));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = await Conversation(await _api.Send(Message("m1", "The app is down again")));
        Assert.Equal("high", (string?)view["priority"]);
        Assert.Equal(["down again"], view["risk"]!["keywords"]!.AsArray().Select(k => (string?)k));
        // "lawyer" is no longer a category of this tenant.
        Assert.Empty((await Conversation(await _api.Send(Message("m2", "my lawyer", author: "x:200"))))["risk"]!["keywords"]!.AsArray());
    }

    [Fact]
    public async Task Invalid_settings_are_refused_naming_each_field_and_nothing_changes()
    {
        var response = await _api.Http.PutAsync(_api.Base + "/risk/settings", Json("""
            {"categories":[{"name":"x","terms":["*"],"weight":200}],"highAt":80,"urgentAt":70,"alerts":{"clusterSize":1}}
            """));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ApiClient.Json(response))["errors"]!.AsObject();
        Assert.Equal(["alerts.clusterSize", "categories[0].terms[0]", "categories[0].weight", "highAt"], errors.Select(e => e.Key).Order());
        Assert.Equal(40, (double)(await _api.Get("/risk/settings"))["highAt"]!);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
