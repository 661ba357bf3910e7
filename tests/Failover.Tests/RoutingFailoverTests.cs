namespace Engine.Tests.Failover;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Tests.Postgres;
using Xunit.Abstractions;

/// <summary>
/// An offer outlives the silo that was timing it: the queue partition that sent it (with its timer) is killed with
/// SIGKILL, and the offer still expires on a survivor, from the partition's stored entries and its durable sweep
/// reminder, and the conversation goes to the next agent. Exactly one agent ends up holding it, and nothing is left
/// waiting or offered.
/// </summary>
public sealed class RoutingFailoverTests(FailoverDatabase database, ITestOutputHelper output) : IClassFixture<FailoverDatabase>
{
    private const string Tenant = "routing-failover";
    private static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(20);
    /// <summary>The sweep reminder ticks once a minute; noticing the dead silo and reactivating the partition come on top.</summary>
    private static readonly TimeSpan AllowedLateness = TimeSpan.FromSeconds(60 + 30);

    [PostgresFact]
    public async Task An_offer_whose_queue_silo_is_killed_still_times_out_and_goes_to_another_agent_exactly_once()
    {
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString);
        using var http = cluster.Client(TimeSpan.FromSeconds(15));
        http.BaseAddress = new Uri(cluster.GatewayAddress, $"/api/v1/tenants/{Tenant}/");
        await ClusterHttp.Ok(http.PutAsync("queues/general", ClusterHttp.Json(new JsonObject { ["offerTimeoutSeconds"] = OfferTimeout.TotalSeconds })));
        await AddAgent(http, "ann");

        var message = new JsonObject
        {
            ["channel"] = "x", ["visibility"] = "public", ["platformMessageId"] = "route-1",
            ["author"] = new JsonObject { ["kind"] = "customer", ["id"] = "x:4242" },
            ["text"] = "my order never arrived", ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        var accepted = await ClusterHttp.Ok(http.PostAsync("inbound", ClusterHttp.Json(message)));
        var id = (string)accepted["conversationId"]!;
        var missed = await OfferOf(http, "ann", id, TimeSpan.FromSeconds(30));
        var expiresAt = DateTimeOffset.Parse((string)missed["expiresAt"]!);
        // Bob is free from now on, but the conversation is ann's offer until it times out.
        await AddAgent(http, "bob");
        await Task.Delay(TimeSpan.FromSeconds(2)); // the partition registers its sweep reminder right after offering

        // Kill the silo that holds the queue partition, and with it the timer set for the offer's deadline.
        var partitionKey = $"{Tenant}/general/0";
        (ChildProgram Process, int SiloPort)? holder = null;
        foreach (var silo in cluster.Silos)
            if ((await cluster.GrainKeysOnSiloAsync(silo.SiloPort, "queue")).Contains(partitionKey)) holder = silo;
        Assert.True(holder is not null, $"no silo holds partition {partitionKey}\n{cluster.Diagnostics()}");
        var agentsThere = await cluster.GrainKeysOnSiloAsync(holder.Value.SiloPort, "agent");
        holder.Value.Process.KillAbruptly();
        output.WriteLine($"killed the silo on port {holder.Value.SiloPort} {(expiresAt - DateTimeOffset.UtcNow).TotalSeconds:0.0} s before the offer's deadline; " +
            $"agents on it: {string.Join(", ", agentsThere.DefaultIfEmpty("none"))}");

        // Bob's desk polls his offers, as an agent's screen does; the conversation must come to him after ann's deadline.
        var next = await OfferOf(http, "bob", id, expiresAt + AllowedLateness - DateTimeOffset.UtcNow);
        var reofferedAt = DateTimeOffset.Parse((string)next["offeredAt"]!);
        output.WriteLine($"offered to bob {(reofferedAt - expiresAt).TotalSeconds:0.0} s after ann's offer expired");
        Assert.True(reofferedAt >= expiresAt, $"re-offered at {reofferedAt:O}, before ann's offer expired at {expiresAt:O}");

        // Ann's late accept is refused, bob's is taken, and ann cannot take it after bob either.
        var late = await http.PostAsync($"agents/ann/offers/{missed["offerId"]}/accept", null);
        Assert.False(late.IsSuccessStatusCode, $"ann's expired offer was accepted: {await late.Content.ReadAsStringAsync()}");
        await ClusterHttp.Ok(http.PostAsync($"agents/bob/offers/{next["offerId"]}/accept", null));
        var again = await http.PostAsync($"agents/ann/offers/{missed["offerId"]}/accept", null);
        Assert.False(again.IsSuccessStatusCode, "ann's expired offer was accepted after bob's");

        var view = await http.GetFromJsonAsync<JsonObject>($"conversations/{id}");
        Assert.Equal("bob", (string?)view!["assignee"]);
        Assert.Single(view["routingHistory"]!.AsArray(), r => (string?)r!["kind"] == "assigned");
        var bob = await http.GetFromJsonAsync<JsonObject>("agents/bob");
        Assert.Equal(id, (string?)Assert.Single(bob!["assignments"]!.AsArray())!["conversationId"]);
        var ann = await http.GetFromJsonAsync<JsonObject>("agents/ann");
        Assert.Empty(ann!["assignments"]!.AsArray());
        Assert.Empty(ann["offers"]!.AsArray());
        var stats = await http.GetFromJsonAsync<JsonObject>("queues/general/stats");
        Assert.Equal((0, 0), ((int)stats!["waiting"]!, (int)stats["offered"]!));
        cluster.DeleteLogsOnDispose = true;
    }

    private static async Task AddAgent(HttpClient http, string agentId)
    {
        await ClusterHttp.Ok(http.PutAsync($"agents/{agentId}", ClusterHttp.Json(new JsonObject
        {
            ["capacity"] = new JsonObject { ["social"] = 1 }, ["queues"] = new JsonArray("general"),
        })));
        await ClusterHttp.Ok(http.PutAsync($"agents/{agentId}/presence", ClusterHttp.Json(new JsonObject { ["presence"] = "available" })));
    }

    /// <summary>The agent's pending offer for the conversation, polled once a second until it shows or time runs out.</summary>
    private static async Task<JsonObject> OfferOf(HttpClient http, string agentId, string conversationId, TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        var last = "";
        while (DateTimeOffset.UtcNow < until)
        {
            try
            {
                using var response = await http.GetAsync($"agents/{agentId}");
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK
                    && JsonNode.Parse(last)!["offers"]!.AsArray().FirstOrDefault(o => (string?)o!["conversationId"] == conversationId) is JsonObject offer)
                    return offer;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message; // the Gateway may still be routing to the dead silo for a moment
            }
            await Task.Delay(1000);
        }
        throw new Xunit.Sdk.XunitException($"{agentId} got no offer for {conversationId} within {within.TotalSeconds:0} s; last answer: {last}");
    }
}
