namespace Engine.Reporting;

using Engine.Agents;

/// <summary>
/// An agent's time in a range from its activity log, replayed oldest first: before the first entry the agent is
/// offline and holds nothing (the log keeps 31 days), and the last state lasts until the range's end or now,
/// whichever is earlier. Handle time is time holding at least one assigned conversation, whatever the presence.
/// </summary>
public static class AgentOccupancyCalculator
{
    public static AgentOccupancyRow Occupancy(string agentId, IEnumerable<AgentActivity> log, DateTimeOffset from, DateTimeOffset to,
        DateTimeOffset now, int replies)
    {
        var end = to < now ? to : now;
        var presence = Presence.Offline;
        var held = new HashSet<Guid>();
        var since = DateTimeOffset.MinValue;
        TimeSpan signedIn = TimeSpan.Zero, available = TimeSpan.Zero, handle = TimeSpan.Zero;
        var assignments = 0;

        void Advance(DateTimeOffset until)
        {
            var span = Overlap(since, until, from, end);
            if (presence != Presence.Offline) signedIn += span;
            if (presence == Presence.Available) available += span;
            if (held.Count > 0) handle += span;
            since = until;
        }

        foreach (var entry in log.OrderBy(e => e.At))
        {
            Advance(entry.At);
            switch (entry.Kind)
            {
                case AgentActivityKind.Presence when entry.Presence is { } p: presence = p; break;
                case AgentActivityKind.Assigned when entry.ConversationId is { } id:
                    if (held.Add(id) && entry.At >= from && entry.At < end) assignments++;
                    break;
                case AgentActivityKind.Released when entry.ConversationId is { } id: held.Remove(id); break;
            }
        }
        if (since < end) Advance(end);

        return new AgentOccupancyRow(agentId, signedIn, available, handle,
            signedIn > TimeSpan.Zero ? handle / signedIn : null, assignments, replies);
    }

    private static TimeSpan Overlap(DateTimeOffset start, DateTimeOffset stop, DateTimeOffset from, DateTimeOffset to)
    {
        var a = start > from ? start : from;
        var b = stop < to ? stop : to;
        return b > a ? b - a : TimeSpan.Zero;
    }
}
