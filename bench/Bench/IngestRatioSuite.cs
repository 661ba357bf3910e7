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
    public static async Task<object> Run(string store, string? connection, int callers, int conversations, double seconds, TextWriter output,
        int allocationTypes = 0)
    {
        // Samples what the ingest phases allocate, by type (--allocation-types N prints the top N).
        using var sampler = allocationTypes > 0 ? new AllocationSampler() : null;
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
        var hops = grains.GetGrain<IHopEntryGrain>(0);
        var hopIds = Enumerable.Range(0, conversations).Select(_ => Guid.NewGuid()).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = callers },
            async (c, _) => await hops.Accept($"thread-{c}", hopIds[c], c));

        // The three kinds alternate (twice each), so a change in the machine's load shows as a change between rounds.
        var phases = new List<PhaseResult>();
        for (var round = 0; round < 2; round++)
        {
            phases.Add(await Phase("bare Ping grain calls", callers, seconds, async (caller, n) => await pings[caller].Ping(n)));
            phases.Add(await Phase("same hops, empty bodies", callers, seconds, async (caller, n) =>
            {
                var c = (int)((caller + (long)n * callers) % conversations);
                await hops.Accept($"thread-{c}", hopIds[c], n);
            }));
            if (sampler is not null) sampler.Active = true;
            phases.Add(await Phase("inbound messages (ingest path)", callers, seconds, async (caller, n) =>
            {
                var c = (int)((caller + (long)n * callers) % conversations);
                await inbound.Accept(Message(tenant, c, Interlocked.Increment(ref sequence[c]), start));
            }));
            if (sampler is not null) sampler.Active = false;
        }
        var bare = PhaseResult.Merge(phases.Where((_, i) => i % 3 == 0).ToList());
        var chain = PhaseResult.Merge(phases.Where((_, i) => i % 3 == 1).ToList());
        var ingest = PhaseResult.Merge(phases.Where((_, i) => i % 3 == 2).ToList());

        // Open loop at half the rate the closed loop reached: latency from each message's scheduled time, so a stall
        // counts against every message it delays (no coordinated omission).
        var halfRate = ingest.PerSecond / 2;
        var paced = await Paced("inbound messages at 50 % of that rate", halfRate, seconds, async n =>
        {
            var c = (int)(n % conversations);
            await inbound.Accept(Message(tenant, c, Interlocked.Increment(ref sequence[c]), start));
        });

        var ratio = ingest.PerSecond / bare.PerSecond;
        var chainRatio = ingest.PerSecond / chain.PerSecond;
        output.WriteLine($"store {store}, {callers} callers, {conversations:N0} conversations, {seconds:0} s per phase, 2 rounds each");
        foreach (var phase in phases.Append(bare).Append(chain).Append(ingest))
            output.WriteLine($"{phase.Name,-44} {phase.PerSecond,10:N0}/s   p50 {phase.Latencies.Median,7:N0} µs   p99 {phase.Latencies.P99,9:N0} µs" +
                $"   CPU {phase.CpuMicrosPerCall,7:N2} µs/call   {phase.AllocatedBytesPerCall,7:N0} B/call" +
                $"   GC {phase.Gc.Gen0}/{phase.Gc.Gen1}/{phase.Gc.Gen2} (gen 0/1/2), paused {phase.Gc.Pause.TotalSeconds / phase.Seconds:P1}");
        output.WriteLine($"{paced.Name,-44} {paced.PerSecond,10:N0}/s   p50 {paced.Latencies.Median,7:N0} µs   p99 {paced.Latencies.P99,9:N0} µs   (target rate {halfRate:N0}/s)");
        output.WriteLine($"ingest / bare Ping = {ratio:P1} by rate ({bare.CpuMicrosPerCall / ingest.CpuMicrosPerCall:P1} by CPU per call)");
        output.WriteLine($"ingest / same hops with empty bodies = {chainRatio:P1} by rate ({chain.CpuMicrosPerCall / ingest.CpuMicrosPerCall:P1} by CPU per call)");
        var allocations = sampler?.Top(allocationTypes, ingest.Calls) ?? [];
        if (allocations.Count > 0)
        {
            output.WriteLine($"allocated in the ingest phases by type (sampled every ~100 KB; estimated bytes per message, share):");
            foreach (var share in allocations)
                output.WriteLine($"  {share.BytesPerItem,8:N0} B  {share.Percent,5:N1} %  {share.Name}");
        }
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return new
        {
            store, callers, conversations, seconds, bare = bare.ToJson(), hops = chain.ToJson(), ingest = ingest.ToJson(), ratio,
            ratio_to_hops = chainRatio, paced = paced.ToJson(), paced_target_per_second = halfRate, rounds = phases.Select(p => p.ToJson()).ToList(),
            ingest_allocations_by_type = allocations.Select(a => new { type = a.Name, bytes_per_message = a.BytesPerItem, percent = a.Percent }).ToList(),
        };
    }

    private static InboundMessage Message(string tenant, int conversation, long position, DateTimeOffset start) =>
        new(tenant, ChannelKind.X, Visibility.Public, $"r{conversation}-{position}", new MessageAuthor(AuthorKind.Customer, $"x:{conversation}"),
            "My order #1234 has not arrived and nobody answers", start.AddMilliseconds(position), DateTimeOffset.UtcNow, $"thread-{conversation}");

    /// <summary>One measured phase. CPU time is the whole process's (silo and callers): on a shared machine it moves less
    /// with other load than the rate does.</summary>
    private sealed record PhaseResult(string Name, long Calls, double Seconds, double CpuSeconds, long AllocatedBytes, Latencies Latencies, GcWork Gc)
    {
        public double PerSecond => Calls / Seconds;
        public double CpuMicrosPerCall => CpuSeconds * 1e6 / Calls;
        public double AllocatedBytesPerCall => (double)AllocatedBytes / Calls;

        public object ToJson() => new
        {
            name = Name, calls = Calls, seconds = Seconds, per_second = PerSecond, cpu_us_per_call = CpuMicrosPerCall,
            allocated_bytes_per_call = AllocatedBytesPerCall, gc = Gc.ToJson(Seconds),
            latency = Latencies.ToJson(),
        };

        public static PhaseResult Merge(IReadOnlyList<PhaseResult> rounds)
        {
            var all = new Latencies(rounds[0].Name);
            foreach (var r in rounds) r.Latencies.CopyTo(all);
            return new PhaseResult(rounds[0].Name + " (all rounds)", rounds.Sum(r => r.Calls), rounds.Sum(r => r.Seconds),
                rounds.Sum(r => r.CpuSeconds), rounds.Sum(r => r.AllocatedBytes), all, rounds.Select(r => r.Gc).Aggregate((a, b) => a.Plus(b)));
        }
    }

    private static async Task<PhaseResult> Paced(string name, double perSecond, double seconds, Func<long, Task> call)
    {
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {name}: {perSecond:N0}/s for {seconds:0} s");
        var latencies = new Latencies(name);
        var inFlight = new List<Task>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gcBefore = GcWork.Now();
        var clock = Stopwatch.StartNew();
        var total = (long)(perSecond * seconds);
        long sent = 0;
        while (sent < total)
        {
            // Everything due by now goes out; each call's latency runs from when it was due.
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * perSecond));
            for (; sent < due; sent++)
            {
                var scheduled = Stopwatch.GetTimestamp() - (long)((clock.Elapsed.TotalSeconds - sent / perSecond) * Stopwatch.Frequency);
                var n = sent;
                inFlight.Add(Task.Run(async () =>
                {
                    await call(n);
                    lock (latencies) latencies.Add(scheduled);
                }));
            }
            await Task.Delay(1);
        }
        await Task.WhenAll(inFlight);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        return new PhaseResult(name, total, elapsed, cpu, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, latencies,
            GcWork.Now().Since(gcBefore));
    }

    private static async Task<PhaseResult> Phase(string name, int callers, double seconds, Func<int, int, Task> call)
    {
        Console.Error.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss} {name}: measuring for {seconds:0} s");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var gcBefore = GcWork.Now();
        var loop = await ClosedLoop.Run(name, callers, seconds, call);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new PhaseResult(name, loop.Calls, loop.Seconds, cpu, allocated, loop.Latencies, GcWork.Now().Since(gcBefore));
    }
}
