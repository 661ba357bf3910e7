namespace Engine.Tests.Realtime;

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Gateway.Security;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

/// <summary>Agents and supervisors on <c>/hubs/events</c>: what they hear, what a reconnect gives back, who may follow what.</summary>
[Collection(ApiCollection.Name)]
public sealed class RealtimeHubTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"rh-{Guid.NewGuid():N}"[..16]);

    private string Token(string subject, params string[] roles) => EventClient.Token(factory, _api.Tenant, subject, roles);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private async Task Agent(string id)
    {
        Assert.Equal(HttpStatusCode.OK, (await Put("/queues/general", new JsonObject { ["offerTimeoutSeconds"] = 120 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put($"/agents/{id}", new JsonObject
        {
            ["displayName"] = id, ["skills"] = new JsonObject(), ["capacity"] = new JsonObject { ["social"] = 2 }, ["queues"] = new JsonArray("general"),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put($"/agents/{id}/presence", new JsonObject { ["presence"] = "available" })).StatusCode);
    }

    private static string Text(JsonElement e) => e.GetProperty("data").GetProperty("text").GetString()!;

    [Fact]
    public async Task An_agent_hears_an_offer_then_the_assignment_then_the_customers_next_message()
    {
        await Agent("ann");
        await using var ann = await EventClient.Connect(factory, Token("ann", EngineRoles.Agent));
        await ann.Subscribe("agent:ann");

        var id = (string)(await _api.Send(ApiClient.Inbound("q1", "x:501")))["conversationId"]!;
        var offer = await ann.Next("agent:ann", "offer.created", d => d.GetProperty("conversationId").GetString() == id);
        Assert.Equal("general", offer.GetProperty("data").GetProperty("queueId").GetString());
        Assert.Equal(id, offer.GetProperty("conversationId").GetString());

        var offerId = offer.GetProperty("data").GetProperty("offerId").GetString();
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.PostAsync($"{_api.Base}/agents/ann/offers/{offerId}/accept", null)).StatusCode);
        await ann.Next("agent:ann", "conversation.assigned", d => d.GetProperty("conversationId").GetString() == id);

        await _api.Send(ApiClient.Inbound("q2", "x:501", inReplyTo: "q1", timestamp: "2026-11-02T09:01:00Z"));
        var message = await ann.Next("agent:ann", "message.added", d => d.GetProperty("platformMessageId").GetString() == "q2");
        Assert.Equal("message q2", Text(message));
        Assert.Equal("inbound", message.GetProperty("data").GetProperty("direction").GetString());

        var events = ann.Stream("agent:ann");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.True(events.FindIndex("offer.created") < events.FindIndex("conversation.assigned"));
        Assert.True(events.FindIndex("conversation.assigned") < events.FindIndex("message.added"));
    }

    [Fact]
    public async Task A_reconnecting_client_gets_exactly_the_events_it_missed()
    {
        var id = (string)(await _api.Send(ApiClient.Inbound("r1", "x:601")))["conversationId"]!;
        var stream = $"conversation:{id}";
        long last;
        await using (var first = await EventClient.Connect(factory, Token("rita", EngineRoles.Reviewer)))
        {
            var start = await first.Subscribe(stream);
            Assert.False(start.GetProperty("gap").GetBoolean());
            await _api.Send(ApiClient.Inbound("r2", "x:601", inReplyTo: "r1", timestamp: "2026-11-02T09:01:00Z"));
            await first.Next(stream, "message.added", d => d.GetProperty("platformMessageId").GetString() == "r2");
            last = first.Stream(stream)[^1].GetProperty("sequence").GetInt64();
        }

        // While nobody listens: a reply (message + status) and two more customer messages.
        var thread = (await _api.Get($"/conversations/{id}"))["threads"]![0]!["threadId"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.Created, (await _api.Post($"/conversations/{id}/replies",
            new JsonObject { ["threadId"] = thread, ["agentId"] = TestCredentials.Subject, ["text"] = "on it" })).StatusCode);
        await _api.Send(ApiClient.Inbound("r3", "x:601", inReplyTo: "r2", timestamp: "2026-11-02T09:02:00Z"));
        await _api.Send(ApiClient.Inbound("r4", "x:601", inReplyTo: "r3", timestamp: "2026-11-02T09:03:00Z"));

        await using var again = await EventClient.Connect(factory, Token("rita", EngineRoles.Reviewer));
        JsonElement resumed = default;
        await Eventually.TrueAsync(async () =>
        {
            resumed = await again.Connection.InvokeAsync<JsonElement>("Subscribe", stream, last);
            return resumed.GetProperty("events").EnumerateArray().Any(e =>
                e.GetProperty("data").TryGetProperty("platformMessageId", out var p) && p.GetString() == "r4");
        }, TimeSpan.FromSeconds(10), "the last message is in the replay");

        var missed = resumed.GetProperty("events").EnumerateArray().ToList();
        var numbers = missed.Select(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range((int)last + 1, missed.Count).Select(n => (long)n), numbers); // none twice, none lost
        Assert.Equal(resumed.GetProperty("latest").GetInt64(), numbers[^1]);
        var texts = missed.Where(e => e.GetProperty("type").GetString() == "message.added").Select(Text).ToList();
        Assert.Equal(["on it", "message r3", "message r4"], texts);
        Assert.Contains(missed, e => e.GetProperty("type").GetString() == "conversation.status"
            && e.GetProperty("data").GetProperty("status").GetString() == "pending");
        Assert.DoesNotContain(missed, e => e.GetProperty("type").GetString() == "message.added" && Text(e) == "message r2");
    }

    [Fact]
    public async Task Another_tenants_agent_is_refused_and_never_hears_this_tenants_events()
    {
        var other = $"ro-{Guid.NewGuid():N}"[..16];
        await using var stranger = await EventClient.Connect(factory, EventClient.Token(factory, other, "ann", EngineRoles.Agent));
        await using var mallory = await EventClient.Connect(factory, EventClient.Token(factory, other, "mallory", EngineRoles.Agent));
        await using var reviewer = await EventClient.Connect(factory, Token("rita", EngineRoles.Reviewer));

        // The tenant is never named by the client; naming another agent, or a stream one's roles do not open, is refused.
        var refused = await Assert.ThrowsAsync<HubException>(() => mallory.Subscribe("agent:ann"));
        Assert.Contains("agent:ann", refused.Message);
        await Assert.ThrowsAsync<HubException>(() => reviewer.Subscribe("supervisor"));
        await Assert.ThrowsAsync<HubException>(() => reviewer.Subscribe("webchat:" + Guid.NewGuid()));
        await Assert.ThrowsAsync<HubException>(() => reviewer.Subscribe("everything"));

        await Agent("ann");
        await stranger.Subscribe("agent:ann");
        await stranger.Subscribe("presence");
        var id = (string)(await _api.Send(ApiClient.Inbound("t1", "x:701")))["conversationId"]!;
        await stranger.Subscribe($"conversation:{id}");
        await using var ann = await EventClient.Connect(factory, Token("ann", EngineRoles.Agent));
        await ann.Subscribe("agent:ann");
        await ann.Next("agent:ann", "offer.created", d => d.GetProperty("conversationId").GetString() == id);
        await _api.Send(ApiClient.Inbound("t2", "x:701", inReplyTo: "t1", timestamp: "2026-11-02T09:01:00Z"));
        await Task.Delay(500);

        Assert.Empty(stranger.Received);
    }

    [Fact]
    public async Task After_unsubscribing_a_client_hears_nothing_more_of_that_stream()
    {
        var id = (string)(await _api.Send(ApiClient.Inbound("u1", "x:651")))["conversationId"]!;
        var stream = $"conversation:{id}";
        await using var sam = await EventClient.Connect(factory, Token("sam", EngineRoles.Supervisor));
        await using var control = await EventClient.Connect(factory, Token("rita", EngineRoles.Reviewer));
        await sam.Subscribe(stream);
        await control.Subscribe(stream);
        await sam.Connection.InvokeAsync("Unsubscribe", stream);
        var heard = sam.Received.Count;

        await _api.Send(ApiClient.Inbound("u2", "x:651", inReplyTo: "u1", timestamp: "2026-11-02T09:01:00Z"));
        await control.Next(stream, "message.added", d => d.GetProperty("platformMessageId").GetString() == "u2");
        await Task.Delay(300);
        Assert.Equal(heard, sam.Received.Count); // the gateway still follows the stream for the other client, not for sam
    }

    [Fact]
    public async Task A_hub_connection_without_a_token_is_refused()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => EventClient.Connect(factory, ""));
        Assert.Contains("401", ex.Message);
    }

    [Fact]
    public async Task Concurrent_replies_are_numbered_without_gaps_on_the_conversation_stream()
    {
        var id = (string)(await _api.Send(ApiClient.Inbound("c1", "x:801")))["conversationId"]!;
        var thread = (await _api.Get($"/conversations/{id}"))["threads"]![0]!["threadId"]!.GetValue<int>();
        await using var watcher = await EventClient.Connect(factory, Token("sam", EngineRoles.Supervisor));
        await watcher.Subscribe($"conversation:{id}");

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _api.Post($"/conversations/{id}/replies",
            new JsonObject { ["threadId"] = thread, ["agentId"] = TestCredentials.Subject, ["text"] = $"reply {i}" })));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        await Eventually.TrueAsync(() => Task.FromResult(watcher.Stream($"conversation:{id}").Count(e => e.GetProperty("type").GetString() == "message.added") >= 21),
            TimeSpan.FromSeconds(15), "every reply reached the watcher");
        var live = watcher.Stream($"conversation:{id}");
        Assert.Equal(Enumerable.Range(1, live.Count).Select(n => (long)n), live.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(20, live.Where(e => e.GetProperty("type").GetString() == "message.added").Select(Text).Where(t => t.StartsWith("reply ")).Distinct().Count());
        var replay = await watcher.Connection.InvokeAsync<JsonElement>("Subscribe", $"conversation:{id}", 0L);
        Assert.Equal(live.Select(e => e.GetProperty("sequence").GetInt64()),
            replay.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).Take(live.Count));
    }
}

internal static class EventLists
{
    public static int FindIndex(this IReadOnlyList<JsonElement> events, string type) =>
        events.ToList().FindIndex(e => e.GetProperty("type").GetString() == type);
}
