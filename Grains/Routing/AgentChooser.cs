namespace Engine.Routing;

using Engine.Agents;

/// <summary>Picks one agent among the eligible ones by a queue's strategy.</summary>
public sealed class AgentChooser
{
    /// <summary>The last agent round robin chose; the next choice is the first agent id after it.</summary>
    public string? RoundRobinCursor { get; private set; }

    public AgentAvailability? Choose(RoutingStrategy strategy, IEnumerable<AgentAvailability> eligible)
    {
        AgentAvailability? best = null;
        switch (strategy)
        {
            case RoutingStrategy.LeastLoaded:
                foreach (var a in eligible)
                    if (best is null || CompareLoad(a, best) < 0) best = a;
                break;
            case RoutingStrategy.LongestIdle:
                foreach (var a in eligible)
                    if (best is null || CompareIdle(a, best) < 0) best = a;
                break;
            case RoutingStrategy.RoundRobin:
                AgentAvailability? first = null;
                foreach (var a in eligible)
                {
                    if (first is null || string.CompareOrdinal(a.AgentId, first.AgentId) < 0) first = a;
                    if (RoundRobinCursor is not null && string.CompareOrdinal(a.AgentId, RoundRobinCursor) > 0
                        && (best is null || string.CompareOrdinal(a.AgentId, best.AgentId) < 0))
                        best = a;
                }
                best ??= first;
                if (best is not null) RoundRobinCursor = best.AgentId;
                break;
        }
        return best;
    }

    /// <summary>
    /// The order a strategy prefers agents in (best first), so a partition can keep its ready agents sorted and take
    /// the first eligible one instead of looking at all of them. Round robin keeps them by id and starts after the cursor.
    /// </summary>
    public static IComparer<AgentAvailability> Preference(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.LeastLoaded => Comparer<AgentAvailability>.Create(CompareLoad),
        RoutingStrategy.LongestIdle => Comparer<AgentAvailability>.Create(CompareIdle),
        _ => Comparer<AgentAvailability>.Create((a, b) => string.CompareOrdinal(a.AgentId, b.AgentId)),
    };

    /// <summary>The first agent in preference order that passes <paramref name="eligible"/>; for round robin, the first after the cursor.</summary>
    public AgentAvailability? ChooseFrom(RoutingStrategy strategy, SortedSet<AgentAvailability> preferred, Func<AgentAvailability, bool> eligible)
    {
        if (strategy != RoutingStrategy.RoundRobin)
            return preferred.FirstOrDefault(eligible);
        AgentAvailability? chosen = null;
        if (RoundRobinCursor is not null && preferred.Count > 0
            && string.CompareOrdinal(preferred.Max!.AgentId, RoundRobinCursor) > 0)
        {
            var probe = preferred.Min! with { AgentId = RoundRobinCursor + "\0" };
            chosen = preferred.GetViewBetween(probe, preferred.Max!).FirstOrDefault(a =>
                string.CompareOrdinal(a.AgentId, RoundRobinCursor) > 0 && eligible(a));
        }
        chosen ??= preferred.FirstOrDefault(eligible);
        if (chosen is not null) RoundRobinCursor = chosen.AgentId;
        return chosen;
    }

    /// <summary>Lower share of capacity in use first; equal shares go to whoever waited longest.</summary>
    private static int CompareLoad(AgentAvailability a, AgentAvailability b)
    {
        var byShare = ((long)a.Load * Math.Max(1, b.TotalCapacity)).CompareTo((long)b.Load * Math.Max(1, a.TotalCapacity));
        return byShare != 0 ? byShare : CompareIdle(a, b);
    }

    private static int CompareIdle(AgentAvailability a, AgentAvailability b)
    {
        var byIdle = a.IdleSince.CompareTo(b.IdleSince);
        return byIdle != 0 ? byIdle : string.CompareOrdinal(a.AgentId, b.AgentId);
    }
}
