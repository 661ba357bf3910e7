namespace Engine.Tests.Routing;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Agents, offers, queues and routing moves over HTTP, as an agent desk and a supervisor wall would use them.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoutingApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"rt-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private async Task Agent(string id, int social = 2, string presence = "available", string queue = "general", JsonObject? skills = null)
    {
        var profile = await Put($"/agents/{id}", new JsonObject
        {
            ["displayName"] = id, ["skills"] = skills ?? new JsonObject { ["lang:en"] = 2 },
            ["capacity"] = new JsonObject { ["social"] = social, ["chat"] = 1 }, ["queues"] = new JsonArray(queue),
        });
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put($"/agents/{id}/presence", new JsonObject { ["presence"] = presence })).StatusCode);
    }

    private async Task<string> NewConversation() =>
        (await _api.Send(ApiClient.Inbound($"m-{Guid.NewGuid():N}", author: $"x:{Random.Shared.Next()}")))["conversationId"]!.GetValue<string>();

    private async Task<JsonObject> OfferFor(string agent, string conversationId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var offers = await ApiClient.JsonNode(await _api.Http.GetAsync($"{_api.Base}/agents/{agent}/offers"));
            if (offers.AsArray().FirstOrDefault(o => o!["conversationId"]!.GetValue<string>() == conversationId) is JsonObject offer) return offer;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"{agent} got no offer for {conversationId}");
    }

    private static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await ApiClient.Json(response);
    }

    [Fact]
    public async Task An_agent_accepts_an_offer_and_the_conversation_shows_who_has_it_and_how_it_got_there()
    {
        Assert.Equal(HttpStatusCode.OK, (await Put("/queues/general", new JsonObject { ["strategy"] = "longestIdle", ["offerTimeoutSeconds"] = 60 })).StatusCode);
        await Agent("ann");
        var id = await NewConversation();
        var offer = await OfferFor("ann", id);
        Assert.Equal("social", offer["kind"]!.GetValue<string>());

        var accepted = await _api.Http.PostAsync($"{_api.Base}/agents/ann/offers/{offer["offerId"]}/accept", null);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        var conversation = await _api.Get($"/conversations/{id}");
        Assert.Equal("ann", conversation["assignee"]!.GetValue<string>());
        var history = conversation["routingHistory"]!.AsArray();
        Assert.Equal(["queued", "assigned"], history.Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Equal("offer", history[1]!["how"]!.GetValue<string>());
        var agent = await _api.Get("/agents/ann");
        Assert.Equal(id, agent["assignments"]![0]!["conversationId"]!.GetValue<string>());
        var stats = await _api.Get("/queues/general/stats");
        Assert.Equal((0, 1), (stats["depth"]!.GetValue<int>(), stats["assigned"]!.GetValue<int>()));
        var list = await _api.Get("/conversations");
        Assert.Equal("ann", list["items"]![0]!["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accepting_a_declined_offer_or_someone_elses_offer_is_a_problem_naming_the_offer()
    {
        await Agent("ann");
        await Agent("bob", presence: "away");
        var id = await NewConversation();
        var offerId = (await OfferFor("ann", id))["offerId"]!.GetValue<string>();

        var notYours = await Problem(await _api.Http.PostAsync($"{_api.Base}/agents/bob/offers/{offerId}/accept", null), HttpStatusCode.NotFound);
        Assert.Contains("no offer", notYours["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await _api.Post($"/agents/ann/offers/{offerId}/decline", new JsonObject { ["reason"] = "busy" })).StatusCode);
        var gone = await Problem(await _api.Http.PostAsync($"{_api.Base}/agents/ann/offers/{offerId}/accept", null), HttpStatusCode.Conflict);
        Assert.Equal("offerId", gone["field"]!.GetValue<string>());
        await Problem(await _api.Http.PostAsync($"{_api.Base}/agents/ann/offers/not-a-guid/accept", null), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_agents_are_404_and_bad_profiles_name_the_field()
    {
        await Problem(await _api.Http.GetAsync($"{_api.Base}/agents/ghost"), HttpStatusCode.NotFound);
        await Problem(await Put("/agents/ghost/presence", new JsonObject { ["presence"] = "available" }), HttpStatusCode.NotFound);

        var badKind = await Problem(await Put("/agents/ann", new JsonObject { ["capacity"] = new JsonObject { ["voice"] = 1 } }), HttpStatusCode.BadRequest);
        Assert.True(badKind["errors"]!.AsObject().ContainsKey("capacity.voice"));
        var tooMuch = await Problem(await Put("/agents/ann", new JsonObject { ["capacity"] = new JsonObject { ["chat"] = 1000 } }), HttpStatusCode.BadRequest);
        Assert.True(tooMuch["errors"]!.AsObject().ContainsKey("capacity.chat"));
        var badPresence = await Problem(await Put("/agents/ann/presence", new JsonObject { ["presence"] = "sleeping" }), HttpStatusCode.BadRequest);
        Assert.True(badPresence["errors"]!.AsObject().ContainsKey("$.presence"));
        var badQueue = await Problem(await Put("/queues/general", new JsonObject { ["partitions"] = 0 }), HttpStatusCode.BadRequest);
        Assert.True(badQueue["errors"]!.AsObject().ContainsKey("partitions"));
    }

    [Fact]
    public async Task A_supervisor_assigns_within_capacity_and_a_full_agent_is_a_conflict()
    {
        await Agent("ann", social: 1, presence: "away");
        var first = await NewConversation();
        var second = await NewConversation();

        var assigned = await _api.Post($"/conversations/{first}/assignment", new JsonObject { ["agentId"] = "ann", ["by"] = "sue", ["reason"] = "vip" });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("ann", (await ApiClient.Json(assigned))["assignee"]!.GetValue<string>());

        var full = await Problem(await _api.Post($"/conversations/{second}/assignment", new JsonObject { ["agentId"] = "ann", ["by"] = "sue" }), HttpStatusCode.Conflict);
        Assert.Equal("agentId", full["field"]!.GetValue<string>());
        await Problem(await _api.Post($"/conversations/{second}/assignment", new JsonObject { ["agentId"] = "ghost", ["by"] = "sue" }), HttpStatusCode.NotFound);
        await Problem(await _api.Post($"/conversations/{Guid.NewGuid()}/assignment", new JsonObject { ["agentId"] = "ann", ["by"] = "sue" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Waiting_conversations_have_a_position_and_transfers_and_escalations_are_recorded()
    {
        await Agent("ann", presence: "offline");
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add(await NewConversation());

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonObject? third = null;
        while (DateTime.UtcNow < deadline && third is null)
        {
            var response = await _api.Http.GetAsync($"{_api.Base}/conversations/{ids[2]}/queue-position");
            if (response.IsSuccessStatusCode) third = await ApiClient.Json(response);
            else await Task.Delay(25);
        }
        Assert.NotNull(third);
        Assert.Equal(3, third["position"]!.GetValue<int>());
        Assert.Null(third["estimatedWaitSeconds"]);
        Assert.Equal(3, (await _api.Get("/queues/general/stats"))["waiting"]!.GetValue<int>());

        var moved = await _api.Post($"/conversations/{ids[0]}/transfer", new JsonObject { ["toQueueId"] = "billing", ["by"] = "sue", ["reason"] = "invoice" });
        Assert.Equal("billing", (await ApiClient.Json(moved))["queueId"]!.GetValue<string>());
        Assert.Equal(2, (await _api.Get($"/conversations/{ids[2]}/queue-position"))["position"]!.GetValue<int>());

        var escalated = await _api.Post($"/conversations/{ids[1]}/escalation", new JsonObject { ["tier"] = 2, ["by"] = "sue", ["reason"] = "legal" });
        Assert.Equal(2, (await ApiClient.Json(escalated))["tier"]!.GetValue<int>());
        var history = (await _api.Get($"/conversations/{ids[1]}"))["routingHistory"]!.AsArray();
        Assert.Equal(["queued", "escalated", "queued"], history.Select(h => h!["kind"]!.GetValue<string>()));
        Assert.Equal("legal", history[1]!["reason"]!.GetValue<string>());

        var both = await Problem(await _api.Post($"/conversations/{ids[0]}/transfer",
            new JsonObject { ["toQueueId"] = "a", ["toAgentId"] = "ann", ["by"] = "sue" }), HttpStatusCode.BadRequest);
        Assert.True(both["errors"]!.AsObject().ContainsKey("toAgentId"));
        var lowTier = await Problem(await _api.Post($"/conversations/{ids[1]}/escalation", new JsonObject { ["tier"] = 1, ["by"] = "sue" }), HttpStatusCode.BadRequest);
        Assert.True(lowTier["errors"]!.AsObject().ContainsKey("tier"));
        var notHigher = await Problem(await _api.Post($"/conversations/{ids[1]}/escalation", new JsonObject { ["tier"] = 2, ["by"] = "sue" }), HttpStatusCode.UnprocessableEntity);
        Assert.True(notHigher["errors"]!.AsObject().ContainsKey("tier"));
    }
}
