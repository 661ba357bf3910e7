namespace Engine.Bench;

using System.Text.RegularExpressions;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

/// <summary>
/// What another process allocated, from a dotnet-trace file of the runtime's allocation ticks
/// (<c>--providers Microsoft-Windows-DotNETRuntime:0x1:5</c>, as <c>bench/http-ingest.sh --allocations</c> takes it):
/// each tick stands for about 100 KB allocated on one heap and names the type of the object that crossed the line, so
/// the bytes per type are an estimate that improves with the number of ticks. Also charges each tick to the first
/// frame of its stack outside the base library, so a type can be traced to the code that makes it.
/// </summary>
public static partial class TraceAllocations
{
    public sealed record Share(string Name, double BytesPerItem, double Percent);

    /// <summary>One stop of the managed threads for a collection: when (seconds into the trace), how long, which
    /// generation, and what it promoted out of gen 0 and out of gen 1 (MB): the survivors a collection copies.</summary>
    public sealed record Pause(double AtSeconds, double Milliseconds, int Generation, string Reason, double PromotedGen0MB = 0,
        double PromotedGen1MB = 0, double Gen2MB = 0);

    public sealed record Result(string File, long Ticks, double MegabytesSampled, long Items, double BytesPerItem,
        IReadOnlyList<Share> Types, IReadOnlyList<Share> Allocators, int Collections, double PausedMilliseconds,
        IReadOnlyList<Pause> LongestPauses);

    public static Result Read(string path, long items, int top, string? stackPattern, TextWriter output)
    {
        var stacks = new Dictionary<string, long>();
        var etlx = TraceLog.CreateFromEventPipeDataFile(path);
        using var log = new TraceLog(etlx);
        var byType = new Dictionary<string, long>();
        var byAllocator = new Dictionary<string, long>();
        long ticks = 0, total = 0;
        var pauses = new List<Pause>();
        double? suspendedAt = null;
        (int Generation, string Reason) collection = (-1, "");
        (double Gen0, double Gen1, double Gen2) promoted = (0, 0, 0);
        foreach (var e in log.Events)
        {
            switch (e)
            {
                case GCSuspendEETraceData:
                    suspendedAt = e.TimeStampRelativeMSec;
                    continue;
                case GCStartTraceData start:
                    collection = (start.Depth, start.Reason.ToString());
                    continue;
                case GCHeapStatsTraceData stats:
                    promoted = (stats.TotalPromotedSize0 / 1e6, stats.TotalPromotedSize1 / 1e6, stats.GenerationSize2 / 1e6);
                    continue;
                case GCNoUserDataTraceData when e.EventName == "GC/RestartEEStop" && suspendedAt is { } from:
                    if (collection.Generation >= 0)
                        pauses.Add(new Pause(from / 1000, e.TimeStampRelativeMSec - from, collection.Generation, collection.Reason,
                            promoted.Gen0, promoted.Gen1, promoted.Gen2));
                    promoted = (0, 0, 0);
                    suspendedAt = null;
                    collection = (-1, "");
                    continue;
            }
            if (e is not GCAllocationTickTraceData tick) continue;
            ticks++;
            var amount = tick.AllocationAmount64;
            total += amount;
            Add(byType, tick.TypeName ?? "?", amount);
            Add(byAllocator, Allocator(tick.CallStack()), amount);
            if (stackPattern is not null && Stack(tick.CallStack()) is var stack && Regex.IsMatch(stack, stackPattern))
                Add(stacks, stack, amount);
        }
        File.Delete(etlx);
        items = Math.Max(1, items);
        var result = new Result(path, ticks, total / 1e6, items, total / (double)items,
            Top(byType, top, items), Top(byAllocator, top, items), pauses.Count, pauses.Sum(p => p.Milliseconds),
            [.. pauses.OrderByDescending(p => p.Milliseconds).Take(10)]);
        output.WriteLine($"{path}: {ticks:N0} allocation ticks, {total / 1e6:N1} MB, {items:N0} items: {total / (double)items:N0} B per item");
        output.WriteLine($"  {pauses.Count} collections ({string.Join(", ", pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key).Select(g => $"gen{g.Key}: {g.Count()}, {g.Sum(p => p.Milliseconds):N0} ms, longest {g.Max(p => p.Milliseconds):N1}"))}); "
            + $"longest pauses: {string.Join(", ", result.LongestPauses.Select(p => $"{p.Milliseconds:N1} ms gen{p.Generation} at {p.AtSeconds:N1} s ({p.Reason}, promoted {p.PromotedGen0MB:N1} + {p.PromotedGen1MB:N1} MB, gen2 {p.Gen2MB:N0} MB)"))}");
        if (ticks == 0) return result; // a trace of the collections only (http-ingest.sh --gc)
        Print(output, "type", result.Types);
        Print(output, "allocating frame (first outside the base library)", result.Allocators);
        foreach (var (stack, amount) in stacks.OrderByDescending(kv => kv.Value).Take(5))
            output.WriteLine($"  stack, {amount / (double)items:N0} B per item:\n{stack}");
        return result;
    }

    private static string Allocator(TraceCallStack? stack)
    {
        for (var frame = stack; frame is not null; frame = frame.Caller)
        {
            var module = frame.CodeAddress.ModuleName ?? "";
            var method = frame.CodeAddress.FullMethodName;
            if (string.IsNullOrEmpty(method) || BaseLibrary().IsMatch(module)) continue;
            return $"{module}!{method}";
        }
        return "(base library only)";
    }

    private static string Stack(TraceCallStack? stack)
    {
        var frames = new List<string>();
        for (var frame = stack; frame is not null && frames.Count < 25; frame = frame.Caller)
            frames.Add($"      {frame.CodeAddress.ModuleName}!{frame.CodeAddress.FullMethodName}");
        return string.Join('\n', frames);
    }

    private static void Add(Dictionary<string, long> sums, string key, long amount) =>
        sums[key] = sums.GetValueOrDefault(key) + amount;

    /// <summary>The heaviest keys of sampled byte sums, per item and as a share of all; the in-process sampler's too.</summary>
    public static List<Share> Top(IReadOnlyDictionary<string, long> sums, int top, long items)
    {
        var total = Math.Max(1, sums.Values.Sum());
        return sums.OrderByDescending(kv => kv.Value).Take(top)
            .Select(kv => new Share(kv.Key, kv.Value / (double)Math.Max(1, items), 100.0 * kv.Value / total)).ToList();
    }

    private static void Print(TextWriter output, string heading, IReadOnlyList<Share> shares)
    {
        output.WriteLine($"  by {heading}:");
        foreach (var share in shares)
            output.WriteLine($"    {share.BytesPerItem,9:N0} B {share.Percent,5:N1} %  {share.Name}");
    }

    [GeneratedRegex(@"^(System\.Private\.CoreLib|System\.Collections|System\.Linq|System\.Runtime|System\.Memory|System\.Threading|coreclr|libcoreclr)")]
    private static partial Regex BaseLibrary();
}
