namespace Engine.Tests.Delivery;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>The outbox is durable: an entry pending when the embedded engine stops is delivered after it starts again, once.</summary>
public sealed class DeliveryRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"engine-outbox-{Guid.NewGuid():N}");

    private EngineApiFactory Engine() => new EngineApiFactory()
        .With("Storage:Provider", "sqlite")
        .With("Storage:DataDirectory", _dataDirectory)
        .With("Delivery:FirstRetryDelay", "00:00:00.200")
        .With("Delivery:MaxRetryDelay", "00:00:01")
        .With("Delivery:HttpRetries", "1")
        .With("Delivery:HttpRetryDelay", "00:00:00.050");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private static string? Status(JsonObject conversation, string messageId) =>
        (string?)conversation["threads"]![0]!["messages"]!.AsArray().Single(m => (string?)m!["platformMessageId"] == messageId)!["delivery"]?["status"];

    [Fact]
    public async Task A_reply_pending_at_shutdown_is_delivered_after_restart_and_accepted_once()
    {
        await using var receiver = await DeliveryReceiver.Start();
        receiver.Answer = _ => new ReceiverAnswer(503, "{\"error\":\"down for maintenance\"}");
        string id, messageId;
        await using (var first = Engine())
        {
            var api = new ApiClient(first.CreateClient(), "acme");
            var put = await api.Http.PutAsync($"{api.Base}/delivery/x",
                new StringContent(new JsonObject { ["baseUrl"] = receiver.BaseUrl, ["timeoutSeconds"] = 60 }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            id = (string)(await api.Send(ApiClient.Inbound("r1", "x:11")))["conversationId"]!;
            var reply = await api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "Sorry!" });
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
            messageId = (string)(await ApiClient.Json(reply))["messageId"]!;

            await Eventually.TrueAsync(() => Task.FromResult(receiver.Received.Count >= 4), TimeSpan.FromSeconds(20), "the endpoint was not tried");
            Assert.Equal("queued", Status(await api.Get($"/conversations/{id}"), messageId));
        }
        Assert.Empty(receiver.Accepted);

        receiver.Answer = _ => ReceiverAnswer.Ok("1790003");
        await using var second = Engine();
        var again = new ApiClient(second.CreateClient(), "acme");
        await Eventually.TrueAsync(async () => Status(await again.Get($"/conversations/{id}"), messageId) == "sent",
            TimeSpan.FromSeconds(30), "the pending reply was not delivered after the restart");

        var accepted = Assert.Single(receiver.Accepted);
        Assert.Single(receiver.Received.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal("Sorry!", (string?)accepted.Body["text"]);
        // Nothing is left to send: a while later the endpoint has still accepted it once.
        await Task.Delay(1500);
        Assert.Single(receiver.Accepted);
    }
}
