namespace Engine.Tests.Failover;

using System.Globalization;

/// <summary>
/// CPU time used so far by processes, read from <c>/proc/PID/stat</c> (user + system clock ticks), so a chaos run can
/// say what one message costs the cluster on a machine whose free CPU varies from minute to minute.
/// </summary>
public static class ProcessCpu
{
    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time of each process by id; processes that have exited are left out.</summary>
    public static Dictionary<int, TimeSpan> Sample(IEnumerable<int> processIds)
    {
        var sample = new Dictionary<int, TimeSpan>();
        foreach (var id in processIds)
            if (Read(id) is { } time) sample[id] = time;
        return sample;
    }

    /// <summary>CPU used between two samples by the processes present in both (a process that exited or started between them is not counted).</summary>
    public static TimeSpan Between(Dictionary<int, TimeSpan> before, Dictionary<int, TimeSpan> after) =>
        after.Where(a => before.ContainsKey(a.Key)).Aggregate(TimeSpan.Zero, (sum, a) => sum + (a.Value - before[a.Key]));

    /// <summary>Ids of the running processes whose command name is <paramref name="name"/> (e.g. "postgres").</summary>
    public static IEnumerable<int> Named(string name)
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var id)) continue;
            string comm;
            try { comm = File.ReadAllText(Path.Combine(folder, "comm")).Trim(); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (comm == name) yield return id;
        }
    }

    private static TimeSpan? Read(int processId)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{processId}/stat"); }
        catch (IOException) { return null; }
        // The command name (field 2) is in parentheses and may hold spaces; utime and stime are fields 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
