namespace Engine.Bench;

using System.Diagnostics;
using Engine.Conversations;
using Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.GrainDirectory;

/// <summary>
/// Issue 9, suite 5: the managed heap each active conversation costs, against the heap each bare grain activation
/// (a stateless Ping) costs, in one silo in this process. Ping grains are activated first, in the same steps, then
/// conversations of the same tenant, each built message by message through the real ingest path; after every step the
/// heap is read after forced compacting full collections. Every grain a conversation activates stays active (thread
/// directory, conversation, customer identity, customer) and is counted, as are its queue ticket and what the store
/// keeps in the process; with SQLite the events, grain state and reminders live in the file (native memory, outside the
/// managed heap), with the memory store they are on the heap and counted too.
/// </summary>
public static class MemorySuite
{
    private const string Tenant = "memory";
    private const int Warmup = 200;
    private const double GiB = 1024d * 1024 * 1024;

    public static async Task<object> Run(string store, string? connection, IReadOnlyList<int> steps, int messages, int callers,
        string? corpus, DirectoryInfo? gcdump, TextWriter output, int? directoryCacheSize = null,
        bool orleansDirectoryCache = false)
    {
        var texts = MessageTexts.From(TwcsCorpus.Read(corpus));
        var data = Path.Combine(Path.GetTempPath(), $"engine-bench-memory-{Guid.NewGuid():N}");
        using var host = await BenchSilo.Start(store, connection, data, snapshotEvery: 100,
            new Dictionary<string, string?> { ["Dashboard:Enabled"] = "false" },
            // Idle collection must not shrink what is measured; the run is longer than Orleans' default 15 minutes.
            silo =>
            {
                silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(12));
                if (directoryCacheSize is { } size)
                    silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = size);
                // Registered before the engine's, so the engine keeps it: Orleans' LRU, nothing removed on collection.
                if (orleansDirectoryCache)
                    silo.Services.AddSingleton(services =>
                        LiveGrainDirectoryCache.OrleansOwn(services, services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value));
            });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var settle = TimeSpan.FromSeconds(3);
        var driver = new ConversationDriver(grains.GetGrain<IInboundGrain>(0), Tenant, texts, messages, DateTimeOffset.UtcNow.AddHours(-1));

        // Warm-up: JIT, pools, and the tenant's shared grains (routing, queue partition, SLA, risk) before the baseline.
        await driver.Build(0, Warmup, callers);
        await Pings(grains, Warmup, callers);
        var start = await Measure(management, settle);
        output.WriteLine($"store {store}, {messages} messages per conversation, {callers} callers; baseline live heap {Mib(start.Heap.LiveBytes)}");

        var pingRows = new List<StepRow>();
        var previous = start;
        foreach (var count in steps)
        {
            await Pings(grains, count - (pingRows.Count == 0 ? 0 : pingRows[^1].Count), callers);
            var now = await Measure(management, settle);
            pingRows.Add(StepRow.Of("ping", count, start, previous, now, pingRows.LastOrDefault()?.Count ?? 0));
            output.WriteLine(pingRows[^1].Line());
            previous = now;
        }

        var beforeConversations = previous;
        var dumpBefore = gcdump is null ? null : await GcDumpReport.Collect(Path.Combine(gcdump.FullName, "before-conversations.gcdump"), output);
        if (dumpBefore is not null) beforeConversations = previous = await Measure(management, settle);

        var conversationRows = new List<StepRow>();
        foreach (var count in steps)
        {
            var from = conversationRows.LastOrDefault()?.Count ?? 0;
            var clock = Stopwatch.StartNew();
            await driver.Build(Warmup + from, count - from, callers);
            var rate = (count - from) * messages / clock.Elapsed.TotalSeconds;
            var now = await Measure(management, settle);
            conversationRows.Add(StepRow.Of("conversation", count, beforeConversations, previous, now, from));
            output.WriteLine($"{conversationRows[^1].Line()}   ({rate:N0} messages/s)");
            previous = now;
        }

        var n = steps[^1];
        IReadOnlyList<GcDumpReport.TypeGrowth> topTypes = [];
        double? dumpGrowth = null, dumpAfterCoverage = null;
        if (dumpBefore is not null && await GcDumpReport.Collect(Path.Combine(gcdump!.FullName, "after-conversations.gcdump"), output) is { } dumpAfter)
        {
            dumpAfterCoverage = dumpAfter.Coverage;
            topTypes = dumpAfter.GrowthSince(dumpBefore, n, top: 30);
            dumpGrowth = (dumpAfter.TotalBytes - dumpBefore.TotalBytes) / (double)n;
        }

        var summary = Summary.Of(pingRows[^1], conversationRows[^1]);
        summary.Write(output);
        WriteTypes(output, $"after {n:N0} conversations", topTypes, dumpGrowth);
        var cacheAfterIngest = DirectoryCacheEntries(host.Services, output);

        // Then the conversations stay and what only their messages needed goes: helper grains idle past their age.
        var engine = host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;
        var helperAge = engine.HelperCollectionAge > engine.StreamCollectionAge ? engine.HelperCollectionAge : engine.StreamCollectionAge;
        var idleDeadline = Stopwatch.StartNew();
        var expected = beforeConversations.TotalActivations + n * 1.05;
        while (idleDeadline.Elapsed < helperAge + TimeSpan.FromMinutes(3)
            && (await Measure(management, TimeSpan.FromSeconds(15))).TotalActivations > expected) { }
        var idle = await Measure(management, settle);
        var idleSeconds = idleDeadline.Elapsed.TotalSeconds;
        var idleRow = StepRow.Of("conversation", n, beforeConversations, beforeConversations, idle, 0);
        output.WriteLine($"after {idleSeconds:N0} s idle (helper grains' collection age {helperAge}):");
        output.WriteLine(idleRow.Line());
        var idleSummary = Summary.Of(pingRows[^1], idleRow);
        idleSummary.Write(output);
        IReadOnlyList<GcDumpReport.TypeGrowth> idleTypes = [];
        double? idleDumpGrowth = null, dumpIdleCoverage = null;
        if (dumpBefore is not null && await GcDumpReport.Collect(Path.Combine(gcdump!.FullName, "after-idle.gcdump"), output) is { } dumpIdle)
        {
            dumpIdleCoverage = dumpIdle.Coverage;
            idleTypes = dumpIdle.GrowthSince(dumpBefore, n, top: 30);
            idleDumpGrowth = (dumpIdle.TotalBytes - dumpBefore.TotalBytes) / (double)n;
        }
        WriteTypes(output, "after the idle wait", idleTypes, idleDumpGrowth);
        var cacheEntries = DirectoryCacheEntries(host.Services, output);

        // The ingest path's per-silo caches (GrainReferences, 3 references per conversation; ThreadRoutes, 1 route per
        // thread) are bounded at 100,000 entries each: at this size they are part of each conversation's share, at scale
        // their share tends to nothing.
        host.Services.GetRequiredService<GrainReferences>().Clear();
        host.Services.GetRequiredService<Engine.Conversations.ThreadRoutes>().Clear();
        var uncached = await Measure(management, settle);
        var uncachedRow = StepRow.Of("conversation", n, beforeConversations, beforeConversations, uncached, 0);
        output.WriteLine("then without the ingest path's reference cache (bounded at 100,000 references per silo):");
        output.WriteLine(uncachedRow.Line());
        var uncachedSummary = Summary.Of(pingRows[^1], uncachedRow);
        uncachedSummary.Write(output);
        await host.StopAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return new
        {
            store, messages, callers, steps, directory_cache_size = directoryCacheSize, orleans_directory_cache = orleansDirectoryCache,
            directory_cache_after_ingest = cacheAfterIngest, directory_cache_after_idle = cacheEntries, baseline = start.Heap.ToJson(),
            pings = pingRows.Select(r => r.ToJson()), conversations = conversationRows.Select(r => r.ToJson()),
            summary = summary.ToJson(), gcdump_bytes_per_conversation = dumpGrowth,
            gcdump_coverage = new { before = dumpBefore?.Coverage, after = dumpAfterCoverage, idle = dumpIdleCoverage },
            top_types_per_conversation = topTypes.Select(t => new { type = t.Type, bytes = t.BytesPerItem, objects = t.ObjectsPerItem }),
            idle = new
            {
                seconds = idleSeconds, row = idleRow.ToJson(), summary = idleSummary.ToJson(),
                gcdump_bytes_per_conversation = idleDumpGrowth,
                top_types_per_conversation = idleTypes.Select(t => new { type = t.Type, bytes = t.BytesPerItem, objects = t.ObjectsPerItem }),
            },
            idle_without_reference_cache = new { row = uncachedRow.ToJson(), summary = uncachedSummary.ToJson() },
        };
    }

    private static void WriteTypes(TextWriter output, string when, IReadOnlyList<GcDumpReport.TypeGrowth> types, double? total)
    {
        if (types.Count == 0) return;
        output.WriteLine($"heap growth by type per conversation (gcdump {when} minus before the conversations; all types {total:N0} B):");
        foreach (var t in types)
            output.WriteLine($"  {t.BytesPerItem,8:N0} B  {t.ObjectsPerItem,6:N2} objects  {t.Type}");
    }

    private static async Task Pings(IGrainFactory grains, int count, int callers) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = callers },
            async (i, _) => await grains.GetGrain<IPingGrain>(Guid.NewGuid()).Ping(i));

    private static async Task<Measurement> Measure(IManagementGrain management, TimeSpan settle)
    {
        var heap = await HeapReading.Take(settle);
        var statistics = await management.GetSimpleGrainStatistics();
        var activations = statistics.GroupBy(s => s.GrainType).ToDictionary(g => g.Key, g => g.Sum(s => (long)s.ActivationCount));
        return new Measurement(heap, activations);
    }

    internal static string Mib(long bytes) => $"{bytes / 1024d / 1024:N1} MiB";

    internal sealed record Measurement(HeapReading Heap, IReadOnlyDictionary<string, long> Activations)
    {
        public long TotalActivations => Activations.Values.Sum();
    }

    /// <summary>One step: everything since the phase began divided by the items, and the step's own increment.</summary>
    internal sealed record StepRow(string Phase, int Count, Measurement Reading, double BytesPerItem, double StepBytesPerItem,
        double ResidentPerItem, double ActivationsPerItem, IReadOnlyDictionary<string, double> ActivationsByType)
    {
        public static StepRow Of(string phase, int count, Measurement phaseStart, Measurement previous, Measurement now, int previousCount)
        {
            var byType = now.Activations
                .Select(a => (a.Key, Added: a.Value - phaseStart.Activations.GetValueOrDefault(a.Key)))
                .Where(a => a.Added != 0)
                .ToDictionary(a => ShortType(a.Key), a => a.Added / (double)count);
            return new StepRow(phase, count, now,
                (now.Heap.LiveBytes - phaseStart.Heap.LiveBytes) / (double)count,
                (now.Heap.LiveBytes - previous.Heap.LiveBytes) / (double)(count - previousCount),
                (now.Heap.ResidentBytes - phaseStart.Heap.ResidentBytes) / (double)count,
                (now.TotalActivations - phaseStart.TotalActivations) / (double)count, byType);
        }

        public string Line() =>
            $"{Phase,-12} {Count,9:N0}   live heap {Mib(Reading.Heap.LiveBytes),12}   {BytesPerItem,8:N0} B/{Phase} (this step {StepBytesPerItem,8:N0})   "
            + $"RSS {Mib(Reading.Heap.ResidentBytes),12}   {ActivationsPerItem:N2} activations/{Phase}";

        public object ToJson() => new
        {
            phase = Phase, count = Count, heap = Reading.Heap.ToJson(), bytes_per_item = BytesPerItem,
            step_bytes_per_item = StepBytesPerItem, resident_bytes_per_item = ResidentPerItem,
            activations_per_item = ActivationsPerItem, activations_by_type = ActivationsByType,
        };

        private static string ShortType(string type) => type.Split(',')[0];
    }

    internal sealed record Summary(double PerPing, double PerConversation, double ActivationsPerConversation, double ResidentPerConversation)
    {
        public static Summary Of(StepRow pings, StepRow conversations) =>
            new(pings.BytesPerItem, conversations.BytesPerItem, conversations.ActivationsPerItem, conversations.ResidentPerItem);

        public double AbovePing => PerConversation - PerPing;
        /// <summary>What is left once every grain activation the conversation keeps is charged at a bare Ping's cost.</summary>
        public double AboveActivations => PerConversation - ActivationsPerConversation * PerPing;
        public double ProjectedIn12GiB => 12 * GiB / PerConversation;

        public void Write(TextWriter output)
        {
            output.WriteLine($"per Ping activation: {PerPing:N0} B");
            output.WriteLine($"per conversation: {PerConversation:N0} B total ({PerConversation / 1024:N2} KiB), {AbovePing:N0} B above one Ping, "
                + $"{AboveActivations:N0} B above its {ActivationsPerConversation:N2} activations at Ping cost; RSS {ResidentPerConversation:N0} B");
            output.WriteLine($"projected active conversations in 12 GiB of managed heap: {ProjectedIn12GiB:N0}");
        }

        public object ToJson() => new
        {
            bytes_per_ping = PerPing, bytes_per_conversation = PerConversation, above_ping = AbovePing,
            activations_per_conversation = ActivationsPerConversation, above_activations_at_ping_cost = AboveActivations,
            resident_bytes_per_conversation = ResidentPerConversation, projected_in_12_gib = ProjectedIn12GiB,
        };
    }

    /// <summary>The silo's grain directory cache by grain type: which grains a silo still keeps addresses of.</summary>
    private static Dictionary<string, int> DirectoryCacheEntries(IServiceProvider services, TextWriter output)
    {
        var byType = services.GetRequiredService<IGrainDirectoryCache>().KeyValues
            .GroupBy(e => e.ActivationAddress.GrainId.Type.ToString()!)
            .OrderByDescending(g => g.Count())
            .ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"grain directory cache: {byType.Values.Sum():N0} entries; "
            + string.Join(", ", byType.Take(12).Select(e => $"{e.Key} {e.Value:N0}")));
        return byType;
    }
}
