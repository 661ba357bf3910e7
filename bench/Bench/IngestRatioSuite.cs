namespace Engine.Bench;

using System.Diagnostics;
using Engine.Conversations;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Issue 9, suite 1: inbound messages per second through the real ingest path (inbound grain, thread directory,
/// conversation append, scoring, routing hand-off) against bare grain calls per second (a trivial Ping), with the same
/// number of callers in the same process, one phase after the other. The ratio is what the engine keeps of what
/// Orleans itself allows. Callers yield before each call so the thread pool's newest-first order does not favour them.
/// </summary>
public static class IngestRatioSuite
{
    public static async Task<object> Run(string store, string? connection, int callers, int conversations, double seconds, TextWriter output)
    {
        var data = Path.Combine(Path.GetTempPath(), $"engine-bench-ratio-{Guid.NewGuid():N}");
        using var host = await BenchSilo.Start(store, connection, data, snapshotEvery: 100,
            new Dictionary<string, string?> { ["Dashboard:Enabled"] = "false" });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var tenant = $"ratio-{Guid.NewGuid():N}"[..14];
        var inbound = grains.GetGrain<IInboundGrain>(0);
        var start = DateTimeOffset.UtcNow.AddDays(-1);

        // Warm-up: every conversation exists and every grain is active before either phase is timed.
        var sequence = new long[conversations];
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = callers },
            async (c, _) => await inbound.Accept(Message(tenant, c, Interlocked.Increment(ref sequence[c]), start)));
        var pings = Enumerable.Range(0, callers).Select(_ => grains.GetGrain<IPingGrain>(Guid.NewGuid())).ToArray();
        foreach (var ping in pings) await ping.Ping(0);

        var bare = await Phase("bare Ping grain calls", callers, seconds, async (caller, n) => await pings[caller].Ping(n));
        var ingest = await Phase("inbound messages (ingest path)", callers, seconds, async (caller, n) =>
        {
            var c = (int)((caller + (long)n * callers) % conversations);
            await inbound.Accept(Message(tenant, c, Interlocked.Increment(ref sequence[c]), start));
        });

        var ratio = ingest.PerSecond / bare.PerSecond;
        output.WriteLine($"store {store}, {callers} callers, {conversations:N0} conversations, {seconds:0} s per phase");
        foreach (var phase in new[] { bare, ingest })
            output.WriteLine($"{phase.Name,-34} {phase.PerSecond,12:N0}/s   p50 {phase.Latencies.Median,8:N0} µs   p99 {phase.Latencies.P99,9:N0} µs");
        output.WriteLine($"ingest / bare = {ratio:P1}");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return new { store, callers, conversations, seconds, bare = bare.ToJson(), ingest = ingest.ToJson(), ratio };
    }

    private static InboundMessage Message(string tenant, int conversation, long position, DateTimeOffset start) =>
        new(tenant, ChannelKind.X, Visibility.Public, $"r{conversation}-{position}", new MessageAuthor(AuthorKind.Customer, $"x:{conversation}"),
            "My order #1234 has not arrived and nobody answers", start.AddMilliseconds(position), DateTimeOffset.UtcNow, $"thread-{conversation}");

    private sealed record PhaseResult(string Name, long Calls, double Seconds, Latencies Latencies)
    {
        public double PerSecond => Calls / Seconds;
        public object ToJson() => new { name = Name, calls = Calls, per_second = PerSecond, latency = Latencies.ToJson() };
    }

    private static async Task<PhaseResult> Phase(string name, int callers, double seconds, Func<int, int, Task> call)
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
        return new PhaseResult(name, counts.Sum(), elapsed, all);
    }
}
