namespace Engine.Tests.Sla;

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>SLA policies, channel windows and the public → private hand-off over HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed class SlaApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"sla-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private static string Ago(TimeSpan by) => DateTimeOffset.UtcNow.Subtract(by).ToString("O", CultureInfo.InvariantCulture);

    private static JsonObject Policy(string timeZone = "Europe/Berlin") => new()
    {
        ["name"] = "x-public",
        ["match"] = new JsonObject { ["channel"] = "x", ["visibility"] = "public" },
        ["targets"] = new JsonObject { ["firstResponseMinutes"] = 60, ["nextResponseMinutes"] = 120 },
        ["businessHours"] = new JsonObject
        {
            ["timeZone"] = timeZone,
            ["periods"] = new JsonArray(new JsonObject { ["day"] = "monday", ["start"] = "09:00", ["end"] = "17:00" }),
        },
        ["onBreach"] = new JsonArray(new JsonObject { ["kind"] = "raisePriority" }, new JsonObject { ["kind"] = "addLabel", ["argument"] = "late" }),
    };

    [Fact]
    public async Task Policies_are_stored_per_tenant_and_read_back()
    {
        var put = await Put("/sla/policies", new JsonArray(Policy()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var read = (await ApiClient.JsonNode(await _api.Http.GetAsync(_api.Base + "/sla/policies"))).AsArray();
        var policy = Assert.Single(read)!;
        Assert.Equal("x-public", policy["name"]!.GetValue<string>());
        Assert.Equal(60, policy["targets"]!["firstResponseMinutes"]!.GetValue<double>());
        Assert.Equal("17:00", policy["businessHours"]!["periods"]![0]!["end"]!.GetValue<string>());
        Assert.Equal("addLabel", policy["onBreach"]![1]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_policy_with_an_unknown_time_zone_is_refused_naming_the_field()
    {
        var response = await Put("/sla/policies", new JsonArray(Policy("Mars/Olympus")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ApiClient.Json(response);
        Assert.Contains("Mars/Olympus", problem["errors"]!["[0].businessHours.timeZone"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_queue_keeps_its_own_business_hours_and_overlapping_periods_are_refused()
    {
        var hours = new JsonObject
        {
            ["timeZone"] = "America/New_York",
            ["periods"] = new JsonArray(new JsonObject { ["day"] = "tuesday", ["start"] = "08:00", ["end"] = "20:00" }),
        };
        Assert.Equal(HttpStatusCode.OK, (await Put("/sla/queues/vip/business-hours", hours)).StatusCode);
        Assert.Equal("20:00", (await _api.Get("/sla/queues/vip/business-hours"))["periods"]![0]!["end"]!.GetValue<string>());

        hours["periods"]!.AsArray().Add(new JsonObject { ["day"] = "tuesday", ["start"] = "19:00", ["end"] = "21:00" });
        var overlapping = await Put("/sla/queues/vip/business-hours", hours);
        Assert.Equal(HttpStatusCode.BadRequest, overlapping.StatusCode);
        Assert.NotNull((await ApiClient.Json(overlapping))["errors"]!["businessHours.periods"]);
    }

    [Fact]
    public async Task A_policy_without_targets_is_refused()
    {
        var policy = Policy();
        policy["targets"] = new JsonObject();
        var response = await Put("/sla/policies", new JsonArray(policy));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiClient.Json(response))["errors"]!["[0].targets"]);
    }

    [Fact]
    public async Task A_reply_outside_the_messenger_window_is_refused_with_why_and_until_when_and_the_view_shows_the_window()
    {
        var dm = await _api.Send(ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: $"messenger:{Random.Shared.Next()}",
            channel: "messenger", visibility: "private", timestamp: Ago(TimeSpan.FromDays(8))));
        var id = dm["conversationId"]!.GetValue<string>();

        var reply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "sorry!" });

        Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        var detail = (await ApiClient.Json(reply))["detail"]!.GetValue<string>();
        Assert.Contains("7 days", detail);
        Assert.Contains("closed at", detail);
        var window = (await _api.Get($"/conversations/{id}"))["threads"]![0]!["replyWindow"]!;
        Assert.False(window["open"]!.GetValue<bool>());
        Assert.Equal("00:00:00", window["remaining"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_reply_inside_the_window_is_accepted_and_the_view_shows_the_time_left()
    {
        var dm = await _api.Send(ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: $"messenger:{Random.Shared.Next()}",
            channel: "messenger", visibility: "private", timestamp: Ago(TimeSpan.FromDays(1))));
        var id = dm["conversationId"]!.GetValue<string>();

        var window = (await _api.Get($"/conversations/{id}"))["threads"]![0]!["replyWindow"]!;
        Assert.True(window["open"]!.GetValue<bool>());
        var left = TimeSpan.Parse(window["remaining"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(left, TimeSpan.FromDays(5.9), TimeSpan.FromDays(6));
        var reply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "hi" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
    }

    [Fact]
    public async Task An_invitation_to_private_hands_off_the_public_thread_and_the_customers_dm_joins_the_conversation()
    {
        var customer = $"x:{Random.Shared.Next()}";
        var tweetId = $"t-{Guid.NewGuid():N}";
        var tweet = await _api.Send(ApiClient.Inbound(tweetId, author: customer, timestamp: Ago(TimeSpan.FromMinutes(30))));
        var id = tweet["conversationId"]!.GetValue<string>();

        var invite = await _api.Post($"/conversations/{id}/invite-private", new JsonObject
        {
            ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "Please DM us your order number", ["channel"] = "x", ["caseReference"] = "C-42",
        });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);

        var dm = await _api.Send(ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: customer, visibility: "private",
            threadKey: $"dm-{customer}", timestamp: Ago(TimeSpan.Zero)));
        Assert.Equal(id, dm["conversationId"]!.GetValue<string>());

        var answer = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 2, ["agentId"] = "agent-1", ["text"] = "got it" });
        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        // The customer moved to private: a public "thanks" on the handed-off thread does not start the brand's clock again.
        var thanks = await _api.Send(ApiClient.Inbound($"t-{Guid.NewGuid():N}", author: customer, inReplyTo: tweetId,
            timestamp: DateTimeOffset.UtcNow.AddSeconds(1).ToString("O", CultureInfo.InvariantCulture)));
        Assert.Equal(id, thanks["conversationId"]!.GetValue<string>());

        var view = await _api.Get($"/conversations/{id}");
        var threads = view["threads"]!.AsArray();
        Assert.True(threads[0]!["handedOff"]!.GetValue<bool>());
        Assert.Equal("private", threads[1]!["visibility"]!.GetValue<string>());
        Assert.Equal("C-42", view["privateInvites"]![0]!["caseReference"]!.GetValue<string>());
        Assert.Null(view["clock"]!["waitingSince"]);
        Assert.Null(threads[0]!["clock"]!["waitingSince"]);
    }

    [Fact]
    public async Task A_dm_from_an_unlinked_identity_that_quotes_the_case_reference_joins_the_invited_conversation()
    {
        var reference = $"C-{Random.Shared.Next(100_000, 999_999)}";
        var tweet = await _api.Send(ApiClient.Inbound($"t-{Guid.NewGuid():N}", author: $"x:{Random.Shared.Next()}", timestamp: Ago(TimeSpan.FromMinutes(5))));
        var id = tweet["conversationId"]!.GetValue<string>();
        var invite = await _api.Post($"/conversations/{id}/invite-private", new JsonObject
        {
            ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = $"Please DM us quoting {reference}", ["channel"] = "messenger", ["caseReference"] = reference,
        });
        Assert.Equal(HttpStatusCode.Created, invite.StatusCode);

        var quoting = ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: $"messenger:{Random.Shared.Next()}", channel: "messenger",
            visibility: "private", timestamp: Ago(TimeSpan.Zero));
        quoting["text"] = $"hi, about case {reference.ToLowerInvariant()}";
        var stranger = ApiClient.Inbound($"dm-{Guid.NewGuid():N}", author: $"messenger:{Random.Shared.Next()}", channel: "messenger",
            visibility: "private", timestamp: Ago(TimeSpan.Zero));

        Assert.Equal(id, (await _api.Send(quoting))["conversationId"]!.GetValue<string>());
        Assert.NotEqual(id, (await _api.Send(stranger))["conversationId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Inviting_to_a_channel_that_is_not_private_is_refused_naming_channel()
    {
        var tweet = await _api.Send(ApiClient.Inbound($"t-{Guid.NewGuid():N}", author: $"x:{Random.Shared.Next()}", timestamp: Ago(TimeSpan.FromMinutes(5))));
        var id = tweet["conversationId"]!.GetValue<string>();

        var invite = await _api.Post($"/conversations/{id}/invite-private", new JsonObject
        {
            ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "see our reviews page", ["channel"] = "review",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invite.StatusCode);
        Assert.NotNull((await ApiClient.Json(invite))["errors"]!["channel"]);
    }
}
