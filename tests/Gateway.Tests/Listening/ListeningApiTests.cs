namespace Engine.Tests.Listening;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class ListeningApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"lis-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> PutRule(string id, string query) =>
        _api.Http.PutAsync($"{_api.Base}/listening/rules/{id}", new StringContent(new JsonObject { ["query"] = query }.ToJsonString(),
            System.Text.Encoding.UTF8, "application/json"));

    private static JsonObject Post(string id, string text, string author = "x:501", string lang = "en") => new()
    {
        ["postId"] = id, ["channel"] = "x", ["text"] = text, ["lang"] = lang, ["postedAt"] = "2026-11-02T09:00:00Z",
        ["author"] = new JsonObject { ["id"] = author, ["handle"] = "traveller", ["followers"] = 2_500 },
    };

    private async Task<JsonObject> Send(params JsonObject[] posts)
    {
        var response = await _api.Post("/listening/posts", new JsonObject { ["posts"] = new JsonArray([.. posts.Select(p => p.DeepClone())]) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ApiClient.Json(response);
    }

    private async Task<JsonArray> Conversations() => (await _api.Get("/conversations"))["items"]!.AsArray();

    [Fact]
    public async Task A_rule_that_does_not_parse_is_refused_with_the_column_of_the_mistake_and_not_saved()
    {
        var response = await PutRule("refunds", "refund AND (late OR \"never arrived");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiClient.Json(response);
        Assert.Equal(21, (int)problem["column"]!);
        Assert.Equal("unclosed quote at column 21", (string?)problem["errors"]!["query"]![0]);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"{_api.Base}/listening/rules/refunds")).StatusCode);
        var onlyNot = await ApiClient.Json(await PutRule("all", "NOT spam"));
        Assert.Contains("outside NOT", (string?)onlyNot["errors"]!["query"]![0]);
    }

    [Fact]
    public async Task Rules_are_saved_read_listed_and_deleted()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRule("b", "outage OR \"down again\"")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutRule("a", "refund*")).StatusCode);
        Assert.Equal("refund*", (string?)(await _api.Get("/listening/rules/a"))["query"]);
        var all = await ApiClient.JsonNode(await _api.Http.GetAsync($"{_api.Base}/listening/rules"));
        Assert.Equal(["a", "b"], all.AsArray().Select(r => (string?)r!["id"]));

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"{_api.Base}/listening/rules/a")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.DeleteAsync($"{_api.Base}/listening/rules/a")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PutRule("bad id!", "refund")).StatusCode);
    }

    [Fact]
    public async Task A_matching_post_opens_a_proactive_conversation_an_unmatched_one_stores_nothing_and_redelivery_is_a_duplicate()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRule("refunds", "(refund OR refunds) AND NOT spam lang:en")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutRule("delays", "\"still waiting\"")).StatusCode);
        var match = Post("p1", "Still waiting for my refund from @AcmeAir, three weeks now");
        var other = Post("p2", "Lovely weather in Lisbon today", author: "x:502");

        var first = await Send(match, other);
        Assert.Equal((1, 1, 0), ((int)first["matched"]!, (int)first["unmatched"]!, (int)first["duplicates"]!));
        var opened = first["results"]![0]!;
        Assert.Equal(["delays", "refunds"], opened["ruleIds"]!.AsArray().Select(r => (string?)r).Order());
        Assert.True((bool)opened["conversationCreated"]!);
        Assert.Equal("unmatched", (string?)first["results"]![1]!["status"]);
        Assert.Null(first["results"]![1]!["conversationId"]);

        var view = await _api.Get($"/conversations/{opened["conversationId"]}");
        Assert.True((bool)view["listening"]!);
        Assert.Equal(["delays", "refunds"], view["listeningRules"]!.AsArray().Select(r => (string?)r).Order());
        Assert.Equal("x:501", (string?)view["threads"]![0]!["messages"]![0]!["author"]!["identity"]);
        Assert.NotNull(view["risk"]);
        Assert.Single(await Conversations());
        Assert.Equal((string?)opened["conversationId"], (string?)Assert.Single((await _api.Get("/conversations?listening=true"))["items"]!.AsArray())!["id"]);
        Assert.Empty((await _api.Get("/conversations?listening=false"))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Http.GetAsync($"{_api.Base}/conversations?listening=maybe")).StatusCode);

        var again = await Send(match, other);
        Assert.Equal((0, 1, 1), ((int)again["matched"]!, (int)again["unmatched"]!, (int)again["duplicates"]!));
        Assert.Equal((string?)opened["conversationId"], (string?)again["results"]![0]!["conversationId"]);
        Assert.Single(await Conversations());
    }

    [Fact]
    public async Task A_reply_delivered_before_its_parent_is_a_duplicate_when_delivered_again()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRule("r", "refund")).StatusCode);
        var reply = Post("r2", "Still no refund", author: "x:601");
        reply["inReplyTo"] = "r1";
        var parent = Post("r1", "A refund please", author: "x:600");
        parent["inReplyTo"] = "r0";

        var first = await Send(reply, parent);
        Assert.Equal(2, (int)first["matched"]!);
        // The parent is now stored (under its own parent's thread); the reply must still be found where it was stored.
        var again = await Send(reply);
        Assert.Equal("duplicate", (string?)again["results"]![0]!["status"]);
        Assert.Equal((string?)first["results"]![0]!["conversationId"], (string?)again["results"]![0]!["conversationId"]);
    }

    [Fact]
    public async Task A_rule_change_is_seen_by_the_next_batch()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRule("r", "outage")).StatusCode);
        Assert.Equal(1, (int)(await Send(Post("o1", "Big outage again")))["matched"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync($"{_api.Base}/listening/rules/r")).StatusCode);
        Assert.Equal(1, (int)(await Send(Post("o2", "Another outage", author: "x:503")))["unmatched"]!);
    }

    [Fact]
    public async Task A_bad_post_is_refused_naming_its_field_and_nothing_is_stored()
    {
        Assert.Equal(HttpStatusCode.OK, (await PutRule("r", "refund")).StatusCode);
        var bad = Post("p1", "refund please");
        bad["author"]!["id"] = "not an identity";
        var response = await _api.Post("/listening/posts", new JsonObject { ["posts"] = new JsonArray(Post("p0", "refund now"), bad) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiClient.Json(response))["errors"]!["posts[1].author.id"]);
        Assert.Empty(await Conversations());
    }
}
