namespace Engine.Tests.Failover;

using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Tests.Postgres;
using Xunit.Abstractions;

/// <summary>
/// An SLA deadline survives the death of the silo that holds the conversation: the durable reminder wakes it on a
/// survivor, no later than the reminder period after the deadline, without anyone touching the conversation.
/// </summary>
public sealed class SlaFailoverTests(FailoverDatabase database, ITestOutputHelper output) : IClassFixture<FailoverDatabase>
{
    private static readonly TimeSpan Goal = TimeSpan.FromSeconds(30);
    /// <summary>Orleans reminders tick at most once a minute; detection of the dead silo and activation come on top.</summary>
    private static readonly TimeSpan AllowedLateness = TimeSpan.FromSeconds(60 + 20);

    [PostgresFact]
    public async Task A_breach_fires_on_a_survivor_after_the_silo_holding_the_conversation_is_killed()
    {
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString);
        using var http = cluster.Client(TimeSpan.FromSeconds(10));
        const string tenant = "sla-failover";

        var policy = new JsonArray(new JsonObject
        {
            ["name"] = "fast",
            ["match"] = new JsonObject(),
            ["targets"] = new JsonObject { ["firstResponseMinutes"] = Goal.TotalMinutes },
            ["onBreach"] = new JsonArray(new JsonObject { ["kind"] = "notifySupervisors" }),
        });
        var put = await http.PutAsync($"/api/v1/tenants/{tenant}/sla/policies", ClusterHttp.Json(policy));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var written = DateTimeOffset.UtcNow;
        var message = new JsonObject
        {
            ["channel"] = "x", ["visibility"] = "public", ["platformMessageId"] = "sla-1",
            ["author"] = new JsonObject { ["kind"] = "customer", ["id"] = "x:4711" },
            ["text"] = "still waiting for my refund", ["timestamp"] = written.ToString("O"),
        };
        var accepted = await http.PostAsync($"/api/v1/tenants/{tenant}/inbound", ClusterHttp.Json(message));
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        var id = Guid.Parse((string)(await accepted.Content.ReadFromJsonAsync<JsonObject>())!["conversationId"]!);

        // Kill the silo that holds the conversation (and with it the grain timer set for the deadline).
        (ChildProgram Process, int SiloPort)? holder = null;
        foreach (var silo in cluster.Silos)
            if ((await cluster.ConversationsOnSiloAsync(silo.SiloPort)).Contains(id)) holder = silo;
        Assert.True(holder is not null, $"no silo holds conversation {id}\n{cluster.Diagnostics()}");
        holder.Value.Process.KillAbruptly();
        output.WriteLine($"killed the silo on port {holder.Value.SiloPort} {(DateTimeOffset.UtcNow - written).TotalSeconds:0.0} s after the message");

        // Touch nothing until well after the deadline: reading the conversation would activate it and find the breach
        // itself, and the point is that the reminder does.
        var deadline = written + Goal;
        await Task.Delay(deadline + AllowedLateness - DateTimeOffset.UtcNow);
        var lookedAt = DateTimeOffset.UtcNow;
        var view = await http.GetFromJsonAsync<JsonObject>($"/api/v1/tenants/{tenant}/conversations/{id}");
        var breach = view!["slaEvents"]?.AsArray().FirstOrDefault(e => (string?)e!["kind"] == "breach");
        Assert.True(breach is not null, $"no breach recorded by {lookedAt:O}: {view["slaEvents"]}\n{cluster.Diagnostics()}");
        var recordedAt = DateTimeOffset.Parse((string)breach["at"]!);
        output.WriteLine($"breach recorded {(recordedAt - deadline).TotalSeconds:0.0} s after the deadline");
        Assert.True(recordedAt < lookedAt, "the breach was recorded only when the test looked");
        Assert.True(recordedAt - deadline <= AllowedLateness, $"the breach came {(recordedAt - deadline).TotalSeconds:0} s after the deadline");

        var feed = await http.GetFromJsonAsync<JsonObject>($"/api/v1/tenants/{tenant}/supervisor/feed");
        Assert.Contains(feed!["events"]!.AsArray(), e => (string?)e!["conversationId"] == id.ToString());
        cluster.DeleteLogsOnDispose = true;
    }
}
