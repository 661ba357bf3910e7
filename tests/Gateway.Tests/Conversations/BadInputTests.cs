namespace Engine.Tests.Conversations;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Hosting;

/// <summary>Every bad input gets a 4xx problem-details answer naming the field, and stores nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"bad-{Guid.NewGuid():N}"[..16]);

    public static TheoryData<string, string, string> BadInboundBodies() => new()
    {
        { "malformed JSON", """{"channel":"x",""", "$" },
        { "not an object", "[1,2,3]", "$" },
        { "unknown channel", Body(b => b["channel"] = "carrier-pigeon"), "$.channel" },
        { "integer enum", Body(b => b["channel"] = 1), "$.channel" },
        { "unknown field", Body(b => b["priority"] = "urgent"), "$.priority" },
        { "wrong type", Body(b => b["text"] = 42), "$.text" },
        { "missing message id", Body(b => b.Remove("platformMessageId")), "platformMessageId" },
        { "missing author", Body(b => b.Remove("author")), "author" },
        { "identity without platform", Body(b => b["author"]!["id"] = "115712"), "author.id" },
        { "oversized text", Body(b => b["text"] = new string('a', 20_001)), "text" },
        { "control characters", Body(b => b["text"] = "hi\u0000there"), "text" },
        { "timestamp in 1970", Body(b => b["timestamp"] = "1970-01-01T00:00:00Z"), "timestamp" },
        { "timestamp far in the future", Body(b => b["timestamp"] = "2999-01-01T00:00:00Z"), "timestamp" },
        { "not a timestamp", Body(b => b["timestamp"] = "yesterday"), "$.timestamp" },
        { "attachment that is not a URL", Body(b => b["attachments"] = new JsonArray("file:///etc/passwd")), "attachments[0]" },
        { "empty message id", Body(b => b["platformMessageId"] = " "), "platformMessageId" },
    };

    private static string Body(Action<JsonObject> change)
    {
        var body = ApiClient.Inbound("bad-1");
        change(body);
        return body.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(BadInboundBodies))]
    public async Task A_bad_inbound_message_gets_400_problem_details_naming_the_field(string why, string body, string field)
    {
        var response = await _api.PostRaw("/inbound", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ApiClient.Json(response);
        Assert.Equal(400, (int?)problem["status"]);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"{why}: errors were {problem["errors"]}");
        Assert.Empty((await _api.Get("/conversations"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_gets_413()
    {
        var huge = Body(b => b["text"] = new string('a', 2 * 1024 * 1024));
        var response = await _api.PostRaw("/inbound", huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/conversations/not-a-guid", "conversationId")]
    [InlineData("/conversations?limit=0", "limit")]
    [InlineData("/conversations?limit=abc", "limit")]
    [InlineData("/conversations?status=sleeping", "status")]
    [InlineData("/conversations?channel=fax", "channel")]
    [InlineData("/conversations?updatedSince=last-week", "updatedSince")]
    [InlineData("/conversations?cursor=%%%", "cursor")]
    public async Task A_bad_path_or_query_value_gets_400_naming_it(string path, string field)
    {
        var response = await _api.Http.GetAsync(_api.Base + path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiClient.Json(response);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"errors were {problem["errors"]}");
    }

    [Fact]
    public async Task A_tenant_id_with_forbidden_characters_gets_400()
    {
        var response = await _api.Http.GetAsync("/api/v1/tenants/bad%20tenant!/conversations");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.Json(response))["errors"]!.AsObject().ContainsKey("tenant"));
    }

    [Fact]
    public async Task An_unknown_conversation_gets_404_problem_details()
    {
        var response = await _api.Http.GetAsync($"{_api.Base}/conversations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Bad_reply_note_and_status_bodies_name_their_fields_and_change_nothing()
    {
        var created = await _api.Send(ApiClient.Inbound("ok-1"));
        var id = (string)created["conversationId"]!;

        var reply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 99, ["agentId"] = "a", ["text"] = "x" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
        Assert.True((await ApiClient.Json(reply))["errors"]!.AsObject().ContainsKey("threadId"));
        var emptyReply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "a", ["text"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, emptyReply.StatusCode);
        var note = await _api.Post($"/conversations/{id}/notes", new JsonObject { ["authorId"] = "a" });
        Assert.True((await ApiClient.Json(note))["errors"]!.AsObject().ContainsKey("text"));
        var status = await _api.PostRaw($"/conversations/{id}/status", """{"status":"asleep","by":"a"}""");
        Assert.True((await ApiClient.Json(status))["errors"]!.AsObject().ContainsKey("$.status"));

        var conversation = await _api.Get($"/conversations/{id}");
        Assert.Equal("open", (string?)conversation["status"]);
        Assert.Single(conversation["threads"]![0]!["messages"]!.AsArray());
        Assert.Empty(conversation["notes"]!.AsArray());
    }
}
