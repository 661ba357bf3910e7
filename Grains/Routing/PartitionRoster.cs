namespace Engine.Routing;

/// <summary>
/// The agents who told a partition about themselves, kept so a restarted partition can ask each to announce itself
/// again; remembers who joined or left since the last store so a write carries only those.
/// </summary>
public sealed class PartitionRoster
{
    private readonly HashSet<string> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Agents => _agents;

    /// <summary>Agents read from storage: known, and nothing to write.</summary>
    public void Restore(IEnumerable<string> agents) => _agents.UnionWith(agents);

    /// <summary>True when the agent is new here (and so needs storing).</summary>
    public bool Add(string agentId)
    {
        if (!_agents.Add(agentId)) return false;
        _changed.Add(agentId);
        return true;
    }

    /// <summary>True when the agent was here (and so its row needs deleting).</summary>
    public bool Remove(string agentId)
    {
        if (!_agents.Remove(agentId)) return false;
        _changed.Add(agentId);
        return true;
    }

    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) TakeChanges()
    {
        var added = _changed.Where(_agents.Contains).ToList();
        var removed = _changed.Where(a => !_agents.Contains(a)).ToList();
        _changed.Clear();
        return (added, removed);
    }

    /// <summary>A write of these agents failed: they are stored again by the next one.</summary>
    public void MarkChanged(IEnumerable<string> agentIds) => _changed.UnionWith(agentIds);
}
