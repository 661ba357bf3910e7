namespace Engine.Tests.Realtime;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Feed;
using Engine.Gateway.Security;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The supervisors' wall: presence and load of agents, queue depth, alerts of the supervisor feed.</summary>
[Collection(ApiCollection.Name)]
public sealed class SupervisorStreamTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"sv-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task A_supervisor_sees_an_agent_come_online_the_queue_fill_and_an_alert()
    {
        await using var sam = await EventClient.Connect(factory, EventClient.Token(factory, _api.Tenant, "sam", EngineRoles.Supervisor));
        await sam.Subscribe("supervisor");
        await sam.Subscribe("presence");

        // Nobody is available: the conversation waits, and the queue's depth says so.
        Assert.Equal(HttpStatusCode.OK, (await Put("/queues/general", new JsonObject { ["offerTimeoutSeconds"] = 120 })).StatusCode);
        var id = (string)(await _api.Send(ApiClient.Inbound("s1", "x:1001")))["conversationId"]!;
        var stats = await sam.Next("supervisor", "queue.stats", d => d.GetProperty("depth").GetInt32() == 1);
        Assert.Equal("general", stats.GetProperty("data").GetProperty("queueId").GetString());

        Assert.Equal(HttpStatusCode.OK, (await Put("/agents/ann", new JsonObject
        {
            ["displayName"] = "Ann", ["skills"] = new JsonObject(), ["capacity"] = new JsonObject { ["social"] = 2 }, ["queues"] = new JsonArray("general"),
        })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Put("/agents/ann/presence", new JsonObject { ["presence"] = "available" })).StatusCode);
        var presence = await sam.Next("presence", "presence", d => d.GetProperty("presence").GetString() == "available");
        Assert.Equal("ann", presence.GetProperty("data").GetProperty("agentId").GetString());
        await sam.Next("supervisor", "agent.load", d => d.GetProperty("agentId").GetString() == "ann");
        // The waiting conversation is offered to her: the partition's depth counts it as offered, not waiting.
        await sam.Next("supervisor", "queue.stats", d => d.GetProperty("offered").GetInt32() == 1 && d.GetProperty("waiting").GetInt32() == 0);

        var feed = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISupervisorFeedGrain>(_api.Tenant);
        var number = await feed.Publish("sla", "alert-1", Guid.Parse(id), "First response is late");
        await feed.Publish("sla", "alert-1", Guid.Parse(id), "First response is late"); // a repeat: kept once
        var alert = await sam.Next("supervisor", "alert", d => d.GetProperty("feedSequence").GetInt64() == number);
        Assert.Equal("First response is late", alert.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(id, alert.GetProperty("conversationId").GetString());
        await Task.Delay(300);
        Assert.Single(sam.Stream("supervisor"), e => e.GetProperty("type").GetString() == "alert");

        var events = sam.Stream("supervisor");
        Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.GetProperty("sequence").GetInt64()));
    }
}
