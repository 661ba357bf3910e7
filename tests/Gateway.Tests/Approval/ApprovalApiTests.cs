namespace Engine.Tests.Approval;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Approval over HTTP: the validated policy, 202 for held replies, the reviewers' queue, approve and reject.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApprovalApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"appr-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private static JsonObject Rules(params JsonObject[] rules) => new() { ["rules"] = new JsonArray(rules) };

    private static JsonObject PublicRule(string? reviewer = null) => new()
    {
        ["name"] = "public",
        ["visibility"] = "public",
        ["reviewers"] = reviewer is null ? null : new JsonArray(reviewer),
    };

    private async Task<(string Conversation, string Draft)> HeldReply(string text = "Sorry to hear that! A refund is on its way.")
    {
        Assert.Equal(HttpStatusCode.OK, (await Put("/approval/policy", Rules(PublicRule()))).StatusCode);
        var conversation = (await _api.Send(ApiClient.Inbound("tw-1")))["conversationId"]!.GetValue<string>();
        var reply = await _api.Post($"/conversations/{conversation}/replies",
            new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = text });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        var body = await ApiClient.Json(reply);
        Assert.Equal("pending-approval", body["status"]!.GetValue<string>());
        return (conversation, body["draftId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_policy_is_stored_per_tenant_and_read_back()
    {
        var rule = new JsonObject
        {
            ["name"] = "legal", ["channels"] = new JsonArray("x", "facebook"), ["minRisk"] = 60,
            ["keywords"] = new JsonArray("refund*", "legal action"), ["reviewers"] = new JsonArray("legal-1"),
        };
        Assert.Equal(HttpStatusCode.OK, (await Put("/approval/policy", Rules(rule))).StatusCode);

        var read = await _api.Get("/approval/policy");
        var stored = read["rules"]![0]!;
        Assert.Equal(("legal", 60, "legal action", "facebook"), (stored["name"]!.GetValue<string>(), stored["minRisk"]!.GetValue<int>(),
            stored["keywords"]![1]!.GetValue<string>(), stored["channels"]![1]!.GetValue<string>()));
        Assert.Empty((await new ApiClient(_api.Http, _api.Tenant + "-other").Get("/approval/policy"))["rules"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"name":"r","minRisk":101}""", "rules[0].minRisk")]
    [InlineData("""{"name":"r","keywords":["!!"]}""", "rules[0].keywords[0]")]
    [InlineData("""{"name":"r"}""", "rules[0]")]
    [InlineData("""{"visibility":"public"}""", "rules[0].name")]
    [InlineData("""{"name":"r","reviewers":[""]}""", "rules[0].reviewers[0]")]
    public async Task A_bad_rule_is_refused_naming_the_field_and_the_stored_policy_stays(string rule, string field)
    {
        Assert.Equal(HttpStatusCode.OK, (await Put("/approval/policy", Rules(PublicRule()))).StatusCode);

        var response = await Put("/approval/policy", Rules(JsonNode.Parse(rule)!.AsObject()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiClient.Json(response))["errors"]![field]);
        Assert.Equal("public", (await _api.Get("/approval/policy"))["rules"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Too_many_keywords_are_refused()
    {
        var words = new JsonArray([.. Enumerable.Range(0, 201).Select(i => (JsonNode)JsonValue.Create($"w{i}"))]);
        var response = await Put("/approval/policy", Rules(new JsonObject { ["name"] = "r", ["keywords"] = words }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await ApiClient.Json(response))["errors"]!["rules[0].keywords"]);
    }

    [Fact]
    public async Task A_held_reply_is_not_sent_is_queued_for_reviewers_and_approval_sends_it_once()
    {
        var (conversation, draft) = await HeldReply();

        var before = await _api.Get($"/conversations/{conversation}");
        Assert.DoesNotContain(before["threads"]![0]!["messages"]!.AsArray(), m => m!["direction"]!.GetValue<string>() == "outbound");
        Assert.Equal("pending", before["drafts"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(draft, (await _api.Get("/approval/drafts"))["items"]![0]!["draftId"]!.GetValue<string>());

        var approve = await _api.Post($"/conversations/{conversation}/drafts/{draft}/approve", new JsonObject { ["reviewerId"] = "rev-1" });
        var again = await _api.Post($"/conversations/{conversation}/drafts/{draft}/approve", new JsonObject { ["reviewerId"] = "rev-1" });
        var reject = await _api.Post($"/conversations/{conversation}/drafts/{draft}/reject", new JsonObject { ["reviewerId"] = "rev-2", ["comment"] = "no" });

        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((await ApiClient.Json(approve))["messageId"]!.GetValue<string>(), (await ApiClient.Json(again))["messageId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, reject.StatusCode);
        Assert.Equal("draftId", (await ApiClient.Json(reject))["field"]!.GetValue<string>());
        var after = await _api.Get($"/conversations/{conversation}");
        var sent = Assert.Single(after["threads"]![0]!["messages"]!.AsArray(), m => m!["direction"]!.GetValue<string>() == "outbound")!;
        Assert.Equal("rev-1", sent["approvedBy"]!.GetValue<string>());
        Assert.Empty((await _api.Get("/approval/drafts"))["items"]!.AsArray());
    }

    [Fact]
    public async Task A_rejection_needs_a_comment_and_ids_must_be_well_formed_and_known()
    {
        var (conversation, draft) = await HeldReply();

        var noComment = await _api.Post($"/conversations/{conversation}/drafts/{draft}/reject", new JsonObject { ["reviewerId"] = "rev-1" });
        var badId = await _api.Post($"/conversations/{conversation}/drafts/nope/approve", new JsonObject { ["reviewerId"] = "rev-1" });
        var unknown = await _api.Post($"/conversations/{conversation}/drafts/{Guid.NewGuid()}/approve", new JsonObject { ["reviewerId"] = "rev-1" });
        var otherTenant = await new ApiClient(_api.Http, _api.Tenant + "-x")
            .Post($"/conversations/{conversation}/drafts/{draft}/approve", new JsonObject { ["reviewerId"] = "rev-1" });

        Assert.NotNull((await ApiClient.Json(noComment))["errors"]!["comment"]);
        Assert.NotNull((await ApiClient.Json(badId))["errors"]!["draftId"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal("pending", (await _api.Get($"/conversations/{conversation}"))["drafts"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rejected_draft_shows_its_comment_to_the_agent_and_sends_nothing()
    {
        var (conversation, draft) = await HeldReply();

        var reject = await _api.Post($"/conversations/{conversation}/drafts/{draft}/reject",
            new JsonObject { ["reviewerId"] = "rev-1", ["comment"] = "No refund promises in public, please." });

        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        var view = await _api.Get($"/conversations/{conversation}");
        Assert.Equal("No refund promises in public, please.", view["drafts"]![0]!["comment"]!.GetValue<string>());
        Assert.DoesNotContain(view["threads"]![0]!["messages"]!.AsArray(), m => m!["direction"]!.GetValue<string>() == "outbound");
    }
}
