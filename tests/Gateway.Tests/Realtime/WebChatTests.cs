namespace Engine.Tests.Realtime;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Gateway.Security;
using Engine.Tenants;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The engine's own web-chat widget: an anonymous visitor chats, and hears the agent's replies and typing.</summary>
[Collection(ApiCollection.Name)]
public sealed class WebChatTests(EngineApiFactory factory)
{
    private readonly string _tenant = $"wc-{Guid.NewGuid():N}"[..16];

    private async Task CreateTenant() =>
        Assert.True(await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(_tenant)
            .Create(new TenantProfile("Web chat test", DateTimeOffset.UtcNow)));

    private HttpClient Anonymous()
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Add(TestCredentials.Anonymous, "1");
        return http;
    }

    private async Task<(string VisitorId, string Token, HttpClient Http)> Visitor(string? name = "Vera")
    {
        using var anonymous = Anonymous();
        var started = await anonymous.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/sessions", new { name });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await ApiClient.Json(started);
        var token = (string)body["token"]!;
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return ((string)body["visitorId"]!, token, http);
    }

    [Fact]
    public async Task A_visitor_hears_the_agents_typing_and_reply_but_never_an_internal_note()
    {
        await CreateTenant();
        var (_, token, visitor) = await Visitor();
        var sent = await visitor.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/messages", new { text = "Hello, my order is late", clientMessageId = "c1" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var ingest = await ApiClient.Json(sent);
        var id = (string)ingest["conversationId"]!;
        var thread = ingest["threadId"]!.GetValue<int>();

        await using var chat = await EventClient.Connect(factory, token);
        var subscribed = await chat.Subscribe($"webchat:{id}");
        Assert.Equal($"webchat:{id}", subscribed.GetProperty("stream").GetString());
        var hello = await chat.Next($"webchat:{id}", "message.added"); // the visitor's own message, from the replay
        Assert.Equal("Hello, my order is late", hello.GetProperty("data").GetProperty("text").GetString());

        var staff = new ApiClient(factory.CreateClient(), _tenant);
        await using var agent = await EventClient.Connect(factory, EventClient.Token(factory, _tenant, "ann", EngineRoles.Agent));
        await agent.Connection.InvokeAsync("Typing", id, true);
        var typing = await chat.Next($"webchat:{id}", "typing");
        Assert.Equal("ann", typing.GetProperty("data").GetProperty("who").GetString());
        Assert.True(typing.GetProperty("data").GetProperty("typing").GetBoolean());

        Assert.Equal(HttpStatusCode.Created, (await staff.Post($"/conversations/{id}/notes", new JsonObject { ["text"] = "customer seems upset" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.Post($"/conversations/{id}/replies",
            new JsonObject { ["threadId"] = thread, ["agentId"] = TestCredentials.Subject, ["text"] = "Sorry! Checking now." })).StatusCode);
        var reply = await chat.Next($"webchat:{id}", "message.added", d => d.GetProperty("direction").GetString() == "outbound");
        Assert.Equal("Sorry! Checking now.", reply.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal("agent", reply.GetProperty("data").GetProperty("author").GetProperty("kind").GetString());
        Assert.False(reply.GetProperty("data").GetProperty("author").TryGetProperty("identity", out _));

        await Task.Delay(300);
        Assert.DoesNotContain(chat.Received, e => e.GetRawText().Contains("customer seems upset"));
        var read = await ApiClient.Json(await visitor.GetAsync($"/api/v1/webchat/{_tenant}/conversation"));
        Assert.Equal(id, (string)read["conversationId"]!);
        Assert.Equal(["Hello, my order is late", "Sorry! Checking now."], read["messages"]!.AsArray().Select(m => (string)m!["text"]!));
        Assert.DoesNotContain("customer seems upset", read.ToJsonString());

        // The visitor's typing reaches the conversation's followers.
        await using var desk = await EventClient.Connect(factory, EventClient.Token(factory, _tenant, "ann", EngineRoles.Agent));
        await desk.Subscribe($"conversation:{id}");
        await chat.Connection.InvokeAsync("Typing", id, true);
        var customerTyping = await desk.Next($"conversation:{id}", "typing", d => d.GetProperty("who").GetString() == "customer");
        Assert.True(customerTyping.GetProperty("data").GetProperty("typing").GetBoolean());
    }

    [Fact]
    public async Task A_repeated_client_message_id_is_stored_once_and_the_message_is_routed_as_web_chat()
    {
        await CreateTenant();
        var (visitorId, _, visitor) = await Visitor();
        var first = await visitor.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/messages", new { text = "hi", clientMessageId = "same" });
        var again = await visitor.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/messages", new { text = "hi", clientMessageId = "same" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var (a, b) = (await ApiClient.Json(first), await ApiClient.Json(again));
        Assert.Equal((string)a["conversationId"]!, (string)b["conversationId"]!);
        Assert.Equal("duplicate", (string)b["status"]!);

        var view = await new ApiClient(factory.CreateClient(), _tenant).Get($"/conversations/{a["conversationId"]}");
        var thread = view["threads"]![0]!;
        Assert.Equal("webchat", (string)thread["channel"]!);
        Assert.Equal("private", (string)thread["visibility"]!);
        Assert.Single(thread["messages"]!.AsArray());
        Assert.Equal($"webchat:{visitorId}", (string)thread["messages"]![0]!["author"]!["identity"]!);
    }

    [Fact]
    public async Task Bad_input_and_strangers_are_refused()
    {
        using var anonymous = Anonymous();
        var unknown = await anonymous.PostAsJsonAsync($"/api/v1/webchat/no-such-{Guid.NewGuid():N}"[..40] + "/sessions", new { });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        await CreateTenant();
        var badEmail = await anonymous.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/sessions", new { email = "not an email" });
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.NotNull((await ApiClient.Json(badEmail))["errors"]!["email"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/messages", new { text = "hi" })).StatusCode);

        var (_, token, visitor) = await Visitor();
        var empty = await visitor.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/messages", new { text = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.NotNull((await ApiClient.Json(empty))["errors"]!["text"]);
        Assert.Null((await ApiClient.Json(await visitor.GetAsync($"/api/v1/webchat/{_tenant}/conversation")))["conversationId"]);

        // A visitor token opens no staff endpoint, and no other tenant's web chat.
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/v1/tenants/{_tenant}/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/v1/tenants/{_tenant}/supervisor/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await visitor.GetAsync($"/api/v1/webchat/other-tenant/conversation")).StatusCode);

        // Another visitor's conversation, and staff streams, are closed to a visitor.
        var (_, _, someone) = await Visitor("Sid");
        var theirs = (string)(await ApiClient.Json(await someone.PostAsJsonAsync($"/api/v1/webchat/{_tenant}/messages", new { text = "mine" })))["conversationId"]!;
        await using var chat = await EventClient.Connect(factory, token);
        await Assert.ThrowsAsync<HubException>(() => chat.Subscribe($"webchat:{theirs}"));
        await Assert.ThrowsAsync<HubException>(() => chat.Subscribe($"conversation:{theirs}"));
        await Assert.ThrowsAsync<HubException>(() => chat.Subscribe("presence"));
        await Assert.ThrowsAsync<HubException>(() => chat.Connection.InvokeAsync("Typing", theirs, true));
    }
}
