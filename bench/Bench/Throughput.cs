namespace Engine.Bench;

using System.Diagnostics;

/// <summary>
/// How many items one thread processes per second: runs the work over the items again and again for at least
/// <c>seconds</c>, after a warm-up pass. Reports wall-clock and this thread's CPU time, since the machine may be shared.
/// </summary>
public static class Throughput
{
    public sealed record Result(string Name, long Items, double WallSeconds, double CpuSeconds, double AllocatedBytesPerItem)
    {
        public double PerWallSecond => Items / WallSeconds;
        public double PerCpuSecond => Items / CpuSeconds;

        public override string ToString() =>
            $"{Name,-44} {Items,10:N0} items  {PerWallSecond,12:N0}/s wall  {PerCpuSecond,12:N0}/s cpu  {AllocatedBytesPerItem,8:N0} B/item";
    }

    public static Result Measure<T>(string name, IReadOnlyList<T> items, double seconds, Action<T> work)
    {
        foreach (var item in items)
            work(item);
        GC.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ThreadCpu();
        var wall = Stopwatch.StartNew();
        long count = 0;
        do
        {
            foreach (var item in items)
                work(item);
            count += items.Count;
        }
        while (wall.Elapsed.TotalSeconds < seconds);
        wall.Stop();
        return new Result(name, count, wall.Elapsed.TotalSeconds, (ThreadCpu() - cpu).TotalSeconds,
            (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)count);
    }

    /// <summary>CPU time of the calling thread (Linux: /proc/thread-self/stat); falls back to the process's.</summary>
    private static TimeSpan ThreadCpu()
    {
        const string stat = "/proc/thread-self/stat";
        if (File.Exists(stat))
        {
            // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15 (clock ticks, 100/s).
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        return Process.GetCurrentProcess().TotalProcessorTime;
    }
}
