namespace Engine.Tests.Approval;

using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Delivery;
using Engine.Tests.Hosting;

/// <summary>
/// Approval and delivery together: with a connector configured, a held public reply reaches the platform only after a
/// reviewer approves it, and then with the approved text; a rejected draft and the unedited words never leave.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApprovedDeliveryTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"apd-{Guid.NewGuid():N}"[..16]);

    private Task<HttpResponseMessage> Put(string path, JsonNode body) =>
        _api.Http.PutAsync(_api.Base + path, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

    private async Task<string> Draft(string conversation, string text)
    {
        var reply = await _api.Post($"/conversations/{conversation}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = "agent-1", ["text"] = text });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        return (string)(await ApiClient.Json(reply))["draftId"]!;
    }

    [Fact]
    public async Task Only_the_approved_text_is_delivered_and_only_after_approval()
    {
        await using var receiver = await DeliveryReceiver.Start();
        Assert.Equal(HttpStatusCode.OK, (await Put("/delivery/x", new JsonObject { ["baseUrl"] = receiver.BaseUrl, ["timeoutSeconds"] = 30 })).StatusCode);
        var policy = new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["name"] = "public", ["visibility"] = "public" }) };
        Assert.Equal(HttpStatusCode.OK, (await Put("/approval/policy", policy)).StatusCode);
        var conversation = (string)(await _api.Send(ApiClient.Inbound("apd-1")))["conversationId"]!;

        var edited = await Draft(conversation, "We will refund you twice, promise!");
        var rejected = await Draft(conversation, "Our lawyers say this is your fault.");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(receiver.Received); // held drafts send nothing

        var approve = await _api.Post($"/conversations/{conversation}/drafts/{edited}/approve",
            new JsonObject { ["reviewerId"] = "rev-1", ["text"] = "Sorry about this! A refund is on its way." });
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var reject = await _api.Post($"/conversations/{conversation}/drafts/{rejected}/reject",
            new JsonObject { ["reviewerId"] = "rev-1", ["comment"] = "No blame in public." });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), TimeSpan.FromSeconds(30), "the approved reply was never delivered");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var sent = Assert.Single(receiver.Received);
        var body = sent.Body.ToJsonString();
        Assert.Contains("A refund is on its way.", body);
        Assert.DoesNotContain("twice, promise", body);
        Assert.DoesNotContain("lawyers", body);
        var view = await _api.Get($"/conversations/{conversation}");
        var outbound = view["threads"]![0]!["messages"]!.AsArray().Where(m => (string?)m!["direction"] == "outbound").ToList();
        Assert.Equal(["Sorry about this! A refund is on its way."], outbound.Select(m => (string?)m!["text"]));
        Assert.Equal("rev-1", (string?)outbound[0]!["approvedBy"]);
        await Eventually.TrueAsync(async () => (string?)(await _api.Get($"/conversations/{conversation}"))["threads"]![0]!["messages"]!.AsArray()
            .Single(m => (string?)m!["direction"] == "outbound")!["delivery"]?["status"] == "sent", TimeSpan.FromSeconds(30), "delivery status never became sent");
    }
}
