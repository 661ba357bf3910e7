namespace Engine.Tests.Delivery;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Delivery connectors over the API: validated, stored, and used by replies.</summary>
[Collection(ApiCollection.Name)]
public sealed class DeliveryApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"dl-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string channel, JsonNode body) =>
        _api.Http.PutAsync($"{_api.Base}/delivery/{channel}", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> GetSettings(string channel) => _api.Http.GetAsync($"{_api.Base}/delivery/{channel}");

    private static JsonObject Settings(Action<JsonObject>? change = null)
    {
        var body = new JsonObject { ["baseUrl"] = "https://hooks.example.com/acme", ["authHeader"] = "Authorization", ["secretName"] = "acme-hooks", ["timeoutSeconds"] = 5 };
        change?.Invoke(body);
        return body;
    }

    public static TheoryData<string, string, JsonObject, string> BadSettings() => new()
    {
        { "unknown channel", "pigeon", Settings(), "channel" },
        { "channel by number", "1", Settings(), "channel" },
        { "two channels", "x,facebook", Settings(), "channel" },
        { "no base URL", "x", Settings(b => b.Remove("baseUrl")), "baseUrl" },
        { "relative URL", "x", Settings(b => b["baseUrl"] = "/hooks"), "baseUrl" },
        { "not http", "x", Settings(b => b["baseUrl"] = "ftp://hooks.example.com"), "baseUrl" },
        { "credentials in the URL", "x", Settings(b => b["baseUrl"] = "https://me:pw@hooks.example.com"), "baseUrl" },
        { "query in the URL", "x", Settings(b => b["baseUrl"] = "https://hooks.example.com/?token=1"), "baseUrl" },
        { "header name with a space", "x", Settings(b => b["authHeader"] = "X Token"), "authHeader" },
        { "header the engine sets", "x", Settings(b => b["authHeader"] = "Idempotency-Key"), "authHeader" },
        { "header without a secret", "x", Settings(b => b.Remove("secretName")), "secretName" },
        { "secret without a header", "x", Settings(b => b.Remove("authHeader")), "authHeader" },
        { "bad secret name", "x", Settings(b => b["secretName"] = "a b"), "secretName" },
        { "zero timeout", "x", Settings(b => b["timeoutSeconds"] = 0), "timeoutSeconds" },
        { "timeout too long", "x", Settings(b => b["timeoutSeconds"] = 600), "timeoutSeconds" },
        { "unknown field", "x", Settings(b => b["retries"] = 3), "$.retries" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Bad_settings_get_400_problem_details_naming_the_field_and_nothing_is_stored(string why, string channel, JsonObject body, string field)
    {
        var response = await Put(channel, body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ApiClient.Json(response);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"{why}: errors were {problem["errors"]}");
        if (channel == "x") Assert.Equal(HttpStatusCode.NotFound, (await GetSettings("x")).StatusCode);
    }

    [Fact]
    public async Task Settings_are_stored_per_channel_and_a_bad_update_keeps_the_last_good_one()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetSettings("messenger")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put("messenger", Settings())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Put("messenger", Settings(b => b["baseUrl"] = "nope"))).StatusCode);

        var stored = await ApiClient.Json(await GetSettings("Messenger"));
        Assert.Equal(("https://hooks.example.com/acme", "Authorization", "acme-hooks", 5.0),
            ((string?)stored["baseUrl"], (string?)stored["authHeader"], (string?)stored["secretName"], (double?)stored["timeoutSeconds"]));
        Assert.Equal(HttpStatusCode.NotFound, (await GetSettings("x")).StatusCode);
    }

    [Fact]
    public async Task A_reply_through_the_api_is_delivered_and_its_status_shows_in_the_conversation()
    {
        await using var receiver = await DeliveryReceiver.Start();
        receiver.Answer = _ => ReceiverAnswer.Ok("1790002");
        Assert.Equal(HttpStatusCode.OK, (await Put("x", new JsonObject { ["baseUrl"] = receiver.BaseUrl, ["timeoutSeconds"] = 60 })).StatusCode);
        var id = (string)(await _api.Send(ApiClient.Inbound("p1", "x:11")))["conversationId"]!;

        var reply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "On it" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var messageId = (string)(await ApiClient.Json(reply))["messageId"]!;

        JsonNode? delivery = null;
        await Eventually.TrueAsync(async () =>
        {
            var conversation = await _api.Get($"/conversations/{id}");
            delivery = conversation["threads"]![0]!["messages"]!.AsArray().Single(m => (string?)m!["platformMessageId"] == messageId)!["delivery"];
            return (string?)delivery?["status"] == "sent";
        }, TimeSpan.FromSeconds(20), "the reply was not delivered");

        Assert.Equal("1790002", (string?)delivery!["remoteMessageId"]);
        var request = Assert.Single(receiver.Received);
        Assert.Equal("On it", (string?)request.Body["text"]);
        Assert.Equal("p1", (string?)request.Body["inReplyTo"]);
    }
}
