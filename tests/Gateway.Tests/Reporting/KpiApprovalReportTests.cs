namespace Engine.Tests.Reporting;

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;

/// <summary>Approval wait and the by-agent grouping from real drafts, recounted from the conversations' views.</summary>
[Collection(ApiCollection.Name)]
public sealed class KpiApprovalReportTests(EngineApiFactory factory)
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"kapp-{Guid.NewGuid():N}"[..16]);

    private async Task<(string Conversation, string Draft)> HeldReply(string tweet, string agent)
    {
        var conversation = (string)(await _api.Send(ApiClient.Inbound(tweet, author: $"x:{Random.Shared.Next()}",
            timestamp: DateTimeOffset.UtcNow.ToString("O"))))["conversationId"]!;
        var reply = await _api.Post($"/conversations/{conversation}/replies", new JsonObject { ["threadId"] = 1, ["agentId"] = agent, ["text"] = "a refund" });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        return (conversation, (string)(await ApiClient.Json(reply))["draftId"]!);
    }

    [Fact]
    public async Task Drafts_decided_in_the_range_give_approval_counts_and_wait_matching_a_recount_per_drafter()
    {
        var policy = new JsonObject { ["rules"] = new JsonArray(new JsonObject { ["name"] = "public", ["visibility"] = "public" }) };
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.PutAsync(_api.Base + "/approval/policy",
            new StringContent(policy.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var (a, draftA) = await HeldReply("kt-1", "agent-1");
        var (b, draftB) = await HeldReply("kt-2", "agent-2");
        Assert.True((await _api.Post($"/conversations/{a}/drafts/{draftA}/approve", new JsonObject { ["reviewerId"] = "rev" })).IsSuccessStatusCode);
        Assert.True((await _api.Post($"/conversations/{b}/drafts/{draftB}/reject", new JsonObject { ["reviewerId"] = "rev", ["comment"] = "no" })).IsSuccessStatusCode);

        // Recount: decided − drafted from each conversation's own view.
        async Task<TimeSpan> Wait(string id)
        {
            var draft = (await _api.Get($"/conversations/{id}"))["drafts"]![0]!;
            return DateTimeOffset.Parse((string)draft["decidedAt"]!, CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse((string)draft["draftedAt"]!, CultureInfo.InvariantCulture);
        }
        var waitA = await Wait(a);
        var waitB = await Wait(b);

        var range = $"from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}";
        var all = Assert.Single((await _api.Get($"/reports/kpis?{range}"))["rows"]!.AsArray())!;
        Assert.Equal(1, (int)all["draftsApproved"]!);
        Assert.Equal(1, (int)all["draftsRejected"]!);
        Assert.Equal(waitA < waitB ? waitA : waitB, TimeSpan.Parse((string)all["approvalWaitMedian"]!, CultureInfo.InvariantCulture));
        Assert.Equal(waitA < waitB ? waitB : waitA, TimeSpan.Parse((string)all["approvalWaitP90"]!, CultureInfo.InvariantCulture));

        var byAgent = (await _api.Get($"/reports/kpis?{range}&by=agent"))["rows"]!.AsArray().ToDictionary(r => (string)r!["group"]!);
        Assert.Equal(1, (int)byAgent["agent-1"]!["draftsApproved"]!);
        Assert.Equal(waitA, TimeSpan.Parse((string)byAgent["agent-1"]!["approvalWaitMedian"]!, CultureInfo.InvariantCulture));
        Assert.Equal(1, (int)byAgent["agent-2"]!["draftsRejected"]!);
        Assert.Equal(2, (int)byAgent["unassigned"]!["messagesIn"]!);
        Assert.Equal(1, (int)byAgent["agent-1"]!["messagesOut"]!); // the approved reply, sent under its drafter's name
    }
}
