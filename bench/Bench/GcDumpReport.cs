namespace Engine.Bench;

using System.Diagnostics;
using System.Globalization;
using System.Reflection;

/// <summary>
/// A heap histogram by type from <c>dotnet-gcdump</c> (collect this process, then read the dump), and the difference of
/// two such histograms: what a phase added, type by type.
/// </summary>
public sealed class GcDumpReport(IReadOnlyDictionary<string, (long Bytes, long Count)> types)
{
    private const string CollectTimeoutSeconds = "900";

    public IReadOnlyDictionary<string, (long Bytes, long Count)> Types => types;

    public long TotalBytes => types.Values.Sum(t => t.Bytes);

    /// <summary>
    /// Collects a dump of this process into <paramref name="file"/> and reads its histogram by type. On .NET 10 the tool
    /// reads the heap walk through a lossy event buffer and drops objects when it falls behind (on a loaded machine at
    /// 100,000 conversations the dump held 62–73 % of the live heap); the dump's total is checked against the live heap
    /// read just before, and up to <see cref="Attempts"/> dumps are taken until one holds 97 % of it; the most complete
    /// one is returned, with its <see cref="Coverage"/>.
    /// </summary>
    public static async Task<GcDumpReport?> Collect(string file, TextWriter output)
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        GcDumpReport? best = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var path = attempt == 1 ? file : Path.ChangeExtension(file, $"{attempt}.gcdump");
            var live = GC.GetTotalMemory(forceFullCollection: true);
            // The tool gives up after 30 s by default; walking a heap of 100,000 conversations (~1 GB, millions of
            // objects) on a loaded machine takes longer.
            var collect = await Run(ToolCommand(), ["collect", "-p", pid, "-o", path, "--timeout", CollectTimeoutSeconds]);
            if (collect is not { ExitCode: 0 })
            {
                output.WriteLine($"dotnet-gcdump collect failed (installed? {ToolCommand()}){(collect is { } failed ? ": " + failed.Output.Trim() : "")}");
                return best;
            }
            var read = Read(path);
            var report = new GcDumpReport(read.Types) { Sampled = read.Sampled, Coverage = read.TotalBytes / (double)live, DumpFile = path };
            if (report.Sampled)
                output.WriteLine($"{Path.GetFileName(path)}: written sampled by the tool; counts and bytes scaled back by its per-type multipliers");
            output.WriteLine($"{Path.GetFileName(path)}: {report.TotalBytes:N0} B in the dump, {report.Coverage:P1} of the live heap ({live:N0} B)"
                + (report.Coverage < Complete ? $": incomplete (the tool dropped objects){(attempt < Attempts ? ", collecting again" : "")}" : ""));
            if (best is null || report.Coverage > best.Coverage) best = report;
            if (report.Coverage >= Complete) break;
        }
        return best;
    }

    private const int Attempts = 3;
    private const double Complete = 0.97;

    /// <summary>The dump's total against the live heap just before it was taken (1: every live object is in it).</summary>
    public double? Coverage { get; private init; }

    /// <summary>The dump file this report was read from, when collected here.</summary>
    public string? DumpFile { get; private init; }

    /// <summary>Reads two dumps and writes what grew between them per item, as the memory suite does.</summary>
    public static object Difference(string beforeFile, string afterFile, int items, int top, TextWriter output)
    {
        var before = Read(beforeFile);
        var after = Read(afterFile);
        var growth = after.GrowthSince(before, items, top);
        var total = (after.TotalBytes - before.TotalBytes) / (double)items;
        output.WriteLine($"{Path.GetFileName(afterFile)} minus {Path.GetFileName(beforeFile)}, per item of {items:N0} "
            + $"(sampled: {before.Sampled} / {after.Sampled}; totals {before.TotalBytes:N0} B and {after.TotalBytes:N0} B); all types {total:N0} B:");
        foreach (var t in growth)
            output.WriteLine($"  {t.BytesPerItem,8:N0} B  {t.ObjectsPerItem,8:N2} objects  {t.Type}");
        return new
        {
            before = beforeFile, after = afterFile, items, sampled_before = before.Sampled, sampled_after = after.Sampled,
            total_bytes_before = before.TotalBytes, total_bytes_after = after.TotalBytes, bytes_per_item = total,
            top_types_per_item = growth.Select(t => new { type = t.Type, bytes = t.BytesPerItem, objects = t.ObjectsPerItem }),
        };
    }

    /// <summary>
    /// Reads the dump with the tool's own reader: its <c>report</c> command prints one instance's size beside the count
    /// (wrong for strings and arrays), while the graph's histogram has each type's total bytes. A large heap is written
    /// sampled (the tool keeps a subset of each type's objects and a count multiplier per type, as it did at 100,000
    /// conversations); counts and bytes are scaled back by the type's multiplier, as PerfView shows them.
    /// </summary>
    public static GcDumpReport Read(string file)
    {
        var tool = Assembly.LoadFrom(ToolAssembly());
        dynamic dump = Activator.CreateInstance(tool.GetType("GCHeapDump", throwOnError: true)!, file)!;
        dynamic graph = dump.MemoryGraph;
        dynamic storage = graph.AllocTypeNodeStorage();
        float[]? multipliers = dump.CountMultipliersByType;
        var types = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        var sampled = false;
        foreach (dynamic item in graph.GetHistogramByType())
        {
            string name = graph.GetType(item.TypeIdx, storage).Name;
            int index = (int)item.TypeIdx;
            double scale = multipliers is not null && index < multipliers.Length && multipliers[index] > 0 ? multipliers[index] : 1;
            sampled |= scale != 1;
            long bytes = (long)Math.Round((long)item.Size * scale);
            long count = (long)Math.Round((long)item.Count * scale);
            types[name] = types.TryGetValue(name, out var seen) ? (seen.Item1 + bytes, seen.Item2 + count) : (bytes, count);
        }
        return new GcDumpReport(types) { Sampled = sampled };
    }

    /// <summary>Whether the tool wrote the dump sampled (the counts and bytes here are scaled back).</summary>
    public bool Sampled { get; private init; }

    /// <summary>The types that grew most from <paramref name="before"/> to this dump, per item added.</summary>
    public IReadOnlyList<TypeGrowth> GrowthSince(GcDumpReport before, int items, int top) =>
        types.Select(t =>
            {
                var (bytes, count) = before.Types.TryGetValue(t.Key, out var b) ? b : (0, 0);
                return new TypeGrowth(t.Key, (t.Value.Bytes - bytes) / (double)items, (t.Value.Count - count) / (double)items);
            })
            .OrderByDescending(g => g.BytesPerItem)
            .Take(top)
            .ToList();

    public sealed record TypeGrowth(string Type, double BytesPerItem, double ObjectsPerItem);

    private static string ToolsHome => Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "", ".dotnet", "tools");

    private static string ToolCommand() =>
        File.Exists(Path.Combine(ToolsHome, "dotnet-gcdump")) ? Path.Combine(ToolsHome, "dotnet-gcdump") : "dotnet-gcdump";

    private static string ToolAssembly() =>
        Directory.EnumerateFiles(Path.Combine(ToolsHome, ".store", "dotnet-gcdump"), "dotnet-gcdump.dll", SearchOption.AllDirectories)
            .FirstOrDefault() ?? throw new FileNotFoundException("dotnet-gcdump is not installed as a global tool");

    private static async Task<(int ExitCode, string Output)?> Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await errors);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
