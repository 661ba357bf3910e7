namespace Engine.Tests.Approval;

using System.Net;
using System.Net.Http.Json;
using Engine.Tests.Conversations;
using Engine.Tests.Security;

/// <summary>Who may do what in vetting: admins set the policy, agents' replies are held, reviewers decide as themselves.</summary>
public sealed class ApprovalRoleTests(SecuredEngine engine) : IClassFixture<SecuredEngine>
{
    private readonly string _tenant = $"aprl-{Guid.NewGuid():N}"[..16];

    private string Path(string rest) => $"/api/v1/tenants/{_tenant}{rest}";

    [Fact]
    public async Task Only_reviewers_decide_drafts_and_they_decide_as_themselves()
    {
        await engine.CreateTenant(_tenant, ("ann", ["agent"]), ("rita", ["reviewer"]));
        using var boss = await engine.SignIn(_tenant, "boss");
        using var ann = await engine.SignIn(_tenant, "ann");
        using var rita = await engine.SignIn(_tenant, "rita");
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PutAsJsonAsync(Path("/approval/policy"), new { rules = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boss.PutAsJsonAsync(Path("/approval/policy"),
            new { rules = new[] { new { name = "public", visibility = "public" } } })).StatusCode);
        using var key = await engine.WithKey(_tenant, "boss", "integration");
        var id = (string)(await ApiClient.Json(await key.PostAsJsonAsync(Path("/inbound"), SecuredEngine.Message("m1"))))["conversationId"]!;

        var held = await ann.PostAsJsonAsync(Path($"/conversations/{id}/replies"), new { threadId = 1, text = "Sorry! DM us." });
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        var draft = (string)(await ApiClient.Json(held))["draftId"]!;

        Assert.Equal(HttpStatusCode.Forbidden, (await ann.GetAsync(Path("/approval/drafts"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ann.PostAsJsonAsync(Path($"/conversations/{id}/drafts/{draft}/approve"), new { })).StatusCode);
        var asSomeoneElse = await rita.PostAsJsonAsync(Path($"/conversations/{id}/drafts/{draft}/approve"), new { reviewerId = "legal-9" });
        Assert.Equal(HttpStatusCode.Forbidden, asSomeoneElse.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await rita.GetAsync(Path("/approval/drafts"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rita.PostAsJsonAsync(Path($"/conversations/{id}/drafts/{draft}/approve"), new { })).StatusCode);
        var view = await ApiClient.Json(await rita.GetAsync(Path($"/conversations/{id}")));
        Assert.Equal("rita", (string)view["drafts"]![0]!["decidedBy"]!);
        Assert.Equal("ann", (string)view["drafts"]![0]!["agentId"]!);
    }
}
