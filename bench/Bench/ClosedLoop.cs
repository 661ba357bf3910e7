namespace Engine.Bench;

using System.Diagnostics;

/// <summary>
/// A closed-loop phase: each of the callers makes its next call as soon as its previous one answered, until the time
/// is up; every call's latency is kept.
/// </summary>
public static class ClosedLoop
{
    public sealed record Outcome(long Calls, double Seconds, Latencies Latencies);

    /// <param name="call">Caller number and that caller's call number (0, 1, ...).</param>
    public static async Task<Outcome> Run(string name, int callers, double seconds, Func<int, int, Task> call)
    {
        var latencies = new Latencies[callers];
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
        {
            latencies[caller] = new Latencies(name);
            var n = 0;
            while (clock.Elapsed < deadline)
            {
                // In one process the thread pool runs the newest work first: a caller continuing inline would run ahead
                // of the others and its latencies would mislead.
                await Task.Yield();
                var began = Stopwatch.GetTimestamp();
                await call(caller, n++);
                latencies[caller].Add(began);
            }
            return (long)n;
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = new Latencies(name);
        foreach (var l in latencies) l.CopyTo(all);
        return new Outcome(counts.Sum(), elapsed, all);
    }
}
