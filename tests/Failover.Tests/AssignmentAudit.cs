namespace Engine.Tests.Failover;

using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// Agents available on an auto-accepting queue while the load and its fault run, and the check afterwards that no
/// conversation was assigned twice: at most one "assigned" entry in its routing history, at most one agent holding it,
/// and that agent the conversation's assignee.
/// </summary>
public sealed class AssignmentAudit(HttpClient http, string tenant, int agents = 10, int capacity = 30)
{
    private string Base => $"/api/v1/tenants/{tenant}/";
    private IEnumerable<string> AgentIds => Enumerable.Range(0, agents).Select(a => $"chaos-agent-{a}");

    /// <summary>The default queue assigns at once (auto-accept), so assignments happen throughout the load.</summary>
    public async Task RegisterAgentsAsync()
    {
        await ClusterHttp.Ok(http.PutAsync($"{Base}queues/general", ClusterHttp.Json(new JsonObject { ["autoAccept"] = true })));
        foreach (var agent in AgentIds)
        {
            await ClusterHttp.Ok(http.PutAsync($"{Base}agents/{agent}", ClusterHttp.Json(new JsonObject
            {
                ["capacity"] = new JsonObject { ["social"] = capacity }, ["queues"] = new JsonArray("general"),
            })));
            await ClusterHttp.Ok(http.PutAsync($"{Base}agents/{agent}/presence", ClusterHttp.Json(new JsonObject { ["presence"] = "available" })));
        }
    }

    /// <summary>One line per conversation assigned twice; <paramref name="assigned"/> gets how many are assigned at all.</summary>
    public async Task<List<string>> CheckAssignedOnceAsync(IReadOnlyCollection<Guid> conversations, Action<int> assigned)
    {
        var problems = new List<string>();
        var holders = new Dictionary<string, List<string>>();
        foreach (var agent in AgentIds)
        {
            var view = await http.GetFromJsonAsync<JsonObject>($"{Base}agents/{agent}");
            foreach (var held in view!["assignments"]!.AsArray())
            {
                var id = (string)held!["conversationId"]!;
                if (!holders.TryGetValue(id, out var list)) holders[id] = list = [];
                list.Add(agent);
            }
        }
        problems.AddRange(holders.Where(h => h.Value.Count > 1).Select(h => $"{h.Key} is held by {string.Join(" and ", h.Value)}"));

        var count = 0;
        foreach (var batch in conversations.Chunk(16))
        {
            var views = await Task.WhenAll(batch.Select(async id => (Id: id.ToString(), View: await http.GetFromJsonAsync<JsonObject>($"{Base}conversations/{id}"))));
            foreach (var (id, view) in views)
            {
                var assignments = view!["routingHistory"]!.AsArray().Count(r => (string?)r!["kind"] == "assigned");
                var assignee = (string?)view["assignee"];
                if (assignee is not null) count++;
                if (assignments > 1) problems.Add($"{id} was assigned {assignments} times");
                var heldBy = holders.GetValueOrDefault(id) ?? [];
                if (assignee is not null && !heldBy.SequenceEqual([assignee]))
                    problems.Add($"{id} names {assignee} as assignee but is held by {(heldBy.Count == 0 ? "nobody" : string.Join(", ", heldBy))}");
            }
        }
        assigned(count);
        return problems;
    }
}
