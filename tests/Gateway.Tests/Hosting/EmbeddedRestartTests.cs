namespace Engine.Tests.Hosting;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;

/// <summary>The default embedded engine keeps its data in a SQLite file: stop it, start it again, all is there.</summary>
public sealed class EmbeddedRestartTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"engine-restart-{Guid.NewGuid():N}");

    private EngineApiFactory Engine() => new EngineApiFactory()
        .With("Storage:Provider", "sqlite")
        .With("Storage:DataDirectory", _dataDirectory);

    /// <summary>Every thread's messages, in order, as JSON (clocks move with time, so they are left out).</summary>
    private static List<string> Messages(JsonObject conversation) =>
        conversation["threads"]!.AsArray().Select(t => t!["messages"]!.ToJsonString()).ToList();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Conversations_threads_notes_and_idempotency_survive_a_restart()
    {
        string id;
        JsonObject before;
        await using (var first = Engine())
        {
            var api = new ApiClient(first.CreateClient(), "acme");
            id = (string)(await api.Send(ApiClient.Inbound("r1", "x:11")))["conversationId"]!;
            await api.Send(ApiClient.Inbound("r2", "x:acme", "agent", inReplyTo: "r1", timestamp: "2026-11-02T09:05:00Z"));
            await api.Send(ApiClient.Inbound("dm1", "x:11", threadKey: "dm-11", visibility: "private", timestamp: "2026-11-02T09:06:00Z"));
            var note = await api.Post($"/conversations/{id}/notes", new JsonObject { ["authorId"] = "agent-1", ["text"] = "kept" });
            Assert.Equal(HttpStatusCode.Created, note.StatusCode);
            before = await api.Get($"/conversations/{id}");
        }

        await using var second = Engine();
        var again = new ApiClient(second.CreateClient(), "acme");
        var after = await again.Get($"/conversations/{id}");

        Assert.Equal(before["version"]!.GetValue<long>(), after["version"]!.GetValue<long>());
        Assert.Equal(Messages(before), Messages(after));
        Assert.Equal(2, after["threads"]!.AsArray().Count);
        Assert.Equal("kept", (string?)after["notes"]![0]!["text"]);
        Assert.Equal(id, (string?)(await again.Get("/conversations"))["items"]![0]!["id"]);

        // The thread directory and message ids were kept too: a redelivery is still a duplicate, and the
        // customer's next DM joins the same conversation.
        var redelivered = await again.Post("/inbound", ApiClient.Inbound("r1", "x:11"));
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        var next = await again.Send(ApiClient.Inbound("dm2", "x:11", threadKey: "dm-11", visibility: "private", timestamp: "2026-11-02T09:30:00Z"));
        Assert.Equal(id, (string?)next["conversationId"]);
    }
}
