namespace Engine.Tests.Failover;

using System.Diagnostics;
using System.Net;
using System.Text.Json;

/// <summary>Reads conversations back through the Gateway and counts each platform message id they hold.</summary>
public sealed class ConversationAudit(HttpClient http, string tenant)
{
    /// <summary>Every platform message id of the conversation, once per stored copy; null if it never answered.</summary>
    public async Task<List<string>?> MessageIdsAsync(Guid conversationId, TimeSpan patience)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience)
        {
            if (await TryReadAsync(conversationId) is { } ids) return ids;
            await Task.Delay(200);
        }
        return null;
    }

    /// <summary>One attempt: the ids, or null on any failure (transport, timeout, 5xx, 404).</summary>
    public async Task<List<string>?> TryReadAsync(Guid conversationId)
    {
        try
        {
            using var response = await http.GetAsync($"/api/v1/tenants/{tenant}/conversations/{conversationId}");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("threads").EnumerateArray()
                .SelectMany(t => t.GetProperty("messages").EnumerateArray())
                .Select(m => m.GetProperty("platformMessageId").GetString()!)
                .ToList();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The conversation's thread keys, to say how a split thread was routed.</summary>
    public async Task<string> ThreadKeysAsync(Guid conversationId)
    {
        try
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/tenants/{tenant}/conversations/{conversationId}"));
            return string.Join(" ", json.RootElement.GetProperty("threads").EnumerateArray().Select(t => t.GetProperty("threadKey").GetString()));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"unreadable ({e.Message})";
        }
    }

    /// <summary>
    /// Checks every acknowledged message is stored exactly once in the conversation its acknowledgement named,
    /// and that no message is stored twice anywhere. Returns one line per problem.
    /// </summary>
    public async Task<List<string>> CheckExactlyOnceAsync(IReadOnlyCollection<Acknowledgement> acknowledged)
    {
        var problems = new List<string>();
        var stored = new Dictionary<Guid, List<string>?>();
        foreach (var conversation in acknowledged.Select(a => a.ConversationId).Distinct().Chunk(16))
        {
            var reads = await Task.WhenAll(conversation.Select(async id => (id, ids: await MessageIdsAsync(id, TimeSpan.FromSeconds(20)))));
            foreach (var (id, ids) in reads)
                stored[id] = ids;
        }

        foreach (var (id, ids) in stored)
        {
            if (ids is null) { problems.Add($"conversation {id} never answered GET"); continue; }
            problems.AddRange(ids.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => $"{g.Key} stored {g.Count()} times in {id}"));
        }
        foreach (var ack in acknowledged)
        {
            if (stored[ack.ConversationId] is not { } ids) continue;
            if (!ids.Contains(ack.PlatformMessageId))
                problems.Add($"{ack.PlatformMessageId} acknowledged ({(int)ack.Status} at {ack.At.TotalSeconds:0.0} s) but missing from {ack.ConversationId}");
        }
        return problems;
    }
}
