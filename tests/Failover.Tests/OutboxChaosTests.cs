namespace Engine.Tests.Failover;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Tests.Delivery;
using Engine.Tests.Postgres;
using Xunit.Abstractions;

/// <summary>
/// The outbox's receiver fails (503) while agents reply through the API on the three-silo cluster, then recovers:
/// every reply is delivered, none twice (one accepted request per reply, one idempotency key per reply), none lost.
/// </summary>
public sealed class OutboxChaosTests(FailoverDatabase database, ITestOutputHelper output) : IClassFixture<FailoverDatabase>
{
    private const string Tenant = "outbox-chaos";
    private static readonly int Conversations = ChaosLoadShape.Current.OutboxConversations;
    private const int RepliesPerConversation = 2;
    private static readonly TimeSpan Failing = TimeSpan.FromSeconds(8);

    [PostgresFact]
    public async Task Replies_sent_while_the_receiver_fails_are_each_delivered_exactly_once_after_it_recovers()
    {
        await using var receiver = await DeliveryReceiver.Start();
        var failingUntil = DateTimeOffset.MaxValue;
        receiver.Answer = n => DateTimeOffset.UtcNow < failingUntil ? new ReceiverAnswer(503, "{\"error\":\"overloaded\"}") : ReceiverAnswer.Ok($"p{n}");
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString, siloSettings: new Dictionary<string, string>
        {
            // Retried quickly, so recovery is measured in seconds rather than the production back-off's minutes.
            ["Delivery__FirstRetryDelay"] = "00:00:00.500",
            ["Delivery__MaxRetryDelay"] = "00:00:02",
            ["Delivery__HttpRetries"] = "1",
            ["Delivery__HttpRetryDelay"] = "00:00:00.050",
            // The circuit opens on the failures; recovery waits for it to close (30 s by default).
            ["Delivery__BreakDuration"] = "00:00:05",
        });
        using var http = cluster.Client(TimeSpan.FromSeconds(15));
        http.BaseAddress = new Uri(cluster.GatewayAddress, $"/api/v1/tenants/{Tenant}/");
        await ClusterHttp.Ok(http.PutAsync("delivery/x", ClusterHttp.Json(new JsonObject { ["baseUrl"] = receiver.BaseUrl, ["timeoutSeconds"] = 10 })));

        var replies = new List<(string Conversation, string MessageId, string Text)>();
        var started = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, Conversations), new ParallelOptions { MaxDegreeOfParallelism = Math.Min(ChaosLoadShape.Current.Senders, Conversations) }, async (i, _) =>
        {
            var accepted = await ClusterHttp.Ok(http.PostAsync("inbound", ClusterHttp.Json(new JsonObject
            {
                ["channel"] = "x", ["visibility"] = "public", ["platformMessageId"] = $"outbox-{i}",
                ["author"] = new JsonObject { ["kind"] = "customer", ["id"] = $"x:9{i}" },
                ["text"] = $"where is order {i}?", ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            })));
            var conversation = (string)accepted["conversationId"]!;
            for (var r = 0; r < RepliesPerConversation; r++)
            {
                var text = $"reply {r} to order {i}";
                var reply = await ClusterHttp.Ok(http.PostAsync($"conversations/{conversation}/replies", ClusterHttp.Json(new JsonObject
                {
                    ["threadId"] = 1, ["agentId"] = $"agent-{i % 5}", ["text"] = text, ["clientMessageId"] = $"c{i}-{r}",
                })));
                lock (replies) replies.Add((conversation, (string)reply["messageId"]!, text));
            }
        });
        var remaining = Failing - (DateTimeOffset.UtcNow - started);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        var failedAttempts = receiver.Received.Count;
        // The circuit breaker may hold some back, but the receiver must have been tried and refused.
        Assert.True(failedAttempts > 0, "the receiver was never tried while failing");
        Assert.Empty(receiver.Accepted);

        failingUntil = DateTimeOffset.UtcNow;
        var recovering = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count >= replies.Count), TimeSpan.FromSeconds(60),
            $"only {receiver.Accepted.Count} of {replies.Count} replies delivered 60 s after the receiver recovered\n{cluster.Diagnostics()}");
        var allDelivered = recovering.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3)); // anything sent twice would arrive by now

        var accepted = receiver.Accepted;
        output.WriteLine($"outbox receiver failing {Failing.TotalSeconds:0} s: {replies.Count} replies, {failedAttempts} failed attempts, " +
            $"all delivered {allDelivered.TotalSeconds:0.00} s after recovery; {accepted.Count} accepted requests, " +
            $"{accepted.Select(a => a.IdempotencyKey).Distinct().Count()} distinct idempotency keys");
        Assert.Equal(replies.Count, accepted.Count);
        Assert.Equal(replies.Count, accepted.Select(a => a.IdempotencyKey).Distinct().Count());
        Assert.Equal(replies.Select(r => r.Text).Order(), accepted.Select(a => (string)a.Body["text"]!).Order());
        // The same reply kept its key across every attempt, failed or not.
        Assert.Equal(replies.Count, receiver.Received.Select(a => a.IdempotencyKey).Distinct().Count());
        foreach (var (conversation, messageId, _) in replies)
        {
            var view = await http.GetFromJsonAsync<JsonObject>($"conversations/{conversation}");
            var message = view!["threads"]![0]!["messages"]!.AsArray().Single(m => (string?)m!["platformMessageId"] == messageId);
            Assert.Equal("sent", (string?)message!["delivery"]?["status"]);
        }
        cluster.DeleteLogsOnDispose = true;
    }
}
