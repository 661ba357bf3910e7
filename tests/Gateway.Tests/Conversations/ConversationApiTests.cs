namespace Engine.Tests.Conversations;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class ConversationApiTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"acme-{Guid.NewGuid():N}"[..16]);

    [Fact]
    public async Task A_posted_message_is_created_and_read_back_with_its_thread_and_clock()
    {
        var response = await _api.Post("/inbound", ApiClient.Inbound("1"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await ApiClient.Json(response);
        Assert.Equal("accepted", (string?)created["status"]);
        Assert.Equal($"{_api.Base}/conversations/{created["conversationId"]}", response.Headers.Location?.ToString());

        await _api.Send(ApiClient.Inbound("2", "x:acme", "agent", inReplyTo: "1", timestamp: "2026-11-02T09:07:30Z"));
        var conversation = await _api.Get($"/conversations/{created["conversationId"]}");

        Assert.Equal("pending", (string?)conversation["status"]);
        var thread = conversation["threads"]![0]!;
        Assert.Equal(["1", "2"], thread["messages"]!.AsArray().Select(m => (string?)m!["platformMessageId"]));
        Assert.Equal("outbound", (string?)thread["messages"]![1]!["direction"]);
        Assert.Equal("00:07:30", (string?)thread["clock"]!["firstResponse"]);
        Assert.Equal("00:07:30", (string?)conversation["clock"]!["firstResponse"]);
    }

    [Fact]
    public async Task A_redelivered_message_answers_200_duplicate_with_the_same_conversation()
    {
        var first = await _api.Send(ApiClient.Inbound("dup"));
        var response = await _api.Post("/inbound", ApiClient.Inbound("dup"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await ApiClient.Json(response);
        Assert.Equal("duplicate", (string?)again["status"]);
        Assert.Equal((string?)first["conversationId"], (string?)again["conversationId"]);
        var conversation = await _api.Get($"/conversations/{first["conversationId"]}");
        Assert.Single(conversation["threads"]![0]!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Replies_notes_and_status_changes_through_the_api()
    {
        var created = await _api.Send(ApiClient.Inbound("s1"));
        var id = (string)created["conversationId"]!;

        var reply = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "Please DM us" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        var note = await _api.Post($"/conversations/{id}/notes", new JsonObject { ["authorId"] = "agent-1", ["text"] = "Refund likely" });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        var status = await _api.Post($"/conversations/{id}/status", new JsonObject { ["status"] = "resolved", ["by"] = "agent-1", ["reason"] = "refunded" });
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);

        var conversation = await _api.Get($"/conversations/{id}");
        Assert.Equal("resolved", (string?)conversation["status"]);
        Assert.Equal(2, conversation["threads"]![0]!["messages"]!.AsArray().Count);
        Assert.Equal("Refund likely", (string?)conversation["notes"]![0]!["text"]);
        Assert.Equal("refunded", (string?)conversation["statusHistory"]!.AsArray().Last()!["reason"]);

        var closed = await _api.Post($"/conversations/{id}/status", new JsonObject { ["status"] = "closed", ["by"] = "agent-1" });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var late = await _api.Post($"/conversations/{id}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = "hello?" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_list_filters_by_status_channel_and_update_time_and_pages_with_a_cursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((string)(await _api.Send(ApiClient.Inbound($"l{i}", $"x:{i}", channel: i < 3 ? "x" : "messenger",
                visibility: i < 3 ? "public" : "private")))["conversationId"]!);

        var all = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _api.Get($"/conversations?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            all.AddRange(page["items"]!.AsArray().Select(c => (string)c!["id"]!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);
        Assert.Equal(ids.Order(), all.Order());

        var messenger = await _api.Get("/conversations?channel=messenger&status=open");
        Assert.Equal(2, messenger["items"]!.AsArray().Count);
        var future = await _api.Get($"/conversations?updatedSince={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}");
        Assert.Empty(future["items"]!.AsArray());
    }

    [Fact]
    public async Task A_tenant_does_not_see_another_tenants_conversations()
    {
        var created = await _api.Send(ApiClient.Inbound("secret"));
        var other = new ApiClient(_api.Http, $"other-{Guid.NewGuid():N}"[..16]);

        var response = await other.Http.GetAsync($"{other.Base}/conversations/{created["conversationId"]}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty((await other.Get("/conversations"))["items"]!.AsArray());
        var note = await other.Post($"/conversations/{created["conversationId"]}/notes", new JsonObject { ["authorId"] = "a", ["text"] = "x" });
        Assert.Equal(HttpStatusCode.NotFound, note.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_and_the_browsable_docs_are_served()
    {
        var document = await ApiClient.Json(await _api.Http.GetAsync("/openapi/v1.json"));
        Assert.NotNull(document["paths"]!["/api/v1/tenants/{tenant}/inbound"]);
        Assert.NotNull(document["paths"]!["/api/v1/tenants/{tenant}/conversations/{conversationId}"]);
        var docs = await _api.Http.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("swagger", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
