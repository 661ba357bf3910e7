namespace Engine.Agents;

/// <summary>
/// Bounds an agent's activity log: entries older than <see cref="Kept"/> before the newest one go, and at most
/// <see cref="MaxEntries"/> stay, so the agent's state stays small however long it lives.
/// </summary>
public static class AgentActivityLog
{
    public static readonly TimeSpan Kept = TimeSpan.FromDays(31);
    public const int MaxEntries = 10_000;

    public static void Append(List<AgentActivity> log, AgentActivity entry)
    {
        log.Add(entry);
        var cutoff = entry.At - Kept;
        var old = log.FindIndex(e => e.At >= cutoff);
        var drop = Math.Max(old < 0 ? log.Count : old, log.Count - MaxEntries);
        if (drop > 0) log.RemoveRange(0, drop);
    }
}
