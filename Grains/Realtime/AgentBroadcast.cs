namespace Engine.Realtime;

using Engine.Agents;

/// <summary>What clients last heard of an agent: its presence, load per kind of work, and the offers out to it.</summary>
public sealed record AgentHeard(Presence Presence, int Social, int Chat, int Email, IReadOnlySet<Guid> Offers)
{
    public static AgentHeard Of(AgentState state) => new(state.Presence,
        state.Assignments.Count(a => a.Kind == WorkKind.Social), state.Assignments.Count(a => a.Kind == WorkKind.Chat),
        state.Assignments.Count(a => a.Kind == WorkKind.Email), state.Offers.Select(o => o.OfferId).ToHashSet());
}

/// <summary>
/// Compares an agent with what clients last heard of it and says what to tell them: new and ended offers on the
/// agent's stream, presence and load on the tenant's presence stream and the supervisors' stream.
/// </summary>
public static class AgentBroadcast
{
    public static IReadOnlyList<(string Stream, RealtimePublication Publication)> Changes(
        string agentId, AgentHeard? before, AgentState state, string endReason)
    {
        var now = AgentHeard.Of(state);
        var own = RealtimeStreams.Agent(agentId);
        var changes = new List<(string, RealtimePublication)>();
        foreach (var offer in state.Offers.Where(o => before?.Offers.Contains(o.OfferId) != true))
            changes.Add((own, new RealtimePublication("offer.created", offer.ConversationId, RealtimePublishing.Data(new
            {
                offerId = offer.OfferId, conversationId = offer.ConversationId, queueId = offer.QueueId,
                expiresAt = offer.ExpiresAt, kind = offer.Kind, priority = offer.Priority,
            }), $"offer:{offer.OfferId:N}:created", offer.OfferedAt)));
        foreach (var ended in before?.Offers.Where(id => !now.Offers.Contains(id)) ?? [])
        {
            var accepted = state.Assignments.Find(a => a.OfferId == ended);
            changes.Add((own, new RealtimePublication("offer.withdrawn", accepted?.ConversationId, RealtimePublishing.Data(new
            {
                offerId = ended, reason = accepted is null ? endReason : "accepted",
            }), $"offer:{ended:N}:ended")));
        }
        if (before is null || before.Presence != now.Presence || (before.Social, before.Chat, before.Email) != (now.Social, now.Chat, now.Email))
        {
            var load = new { social = now.Social, chat = now.Chat, email = now.Email };
            changes.Add((RealtimeStreams.Presence, new RealtimePublication("presence", null,
                RealtimePublishing.Data(new { agentId, presence = now.Presence, load }))));
            changes.Add((RealtimeStreams.Supervisor, new RealtimePublication("agent.load", null,
                RealtimePublishing.Data(new { agentId, presence = now.Presence, assigned = now.Social + now.Chat + now.Email, load }))));
        }
        return changes;
    }
}
