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
    /// Collects a dump of this process into <paramref name="file"/> and reads its histogram by type, with its
    /// <see cref="Coverage"/> of the live heap read just before. On .NET 10 the tool reads the heap walk through a lossy
    /// event buffer and leaves objects out of a large heap without failing: at 100,000 conversations (~1 GB live) its dumps
    /// held 58–74 % of the live heap, the same share in three attempts in a row, so a dump under 97 % is reported as
    /// incomplete (its breakdown by type is then a part of the heap, not the whole).
    /// </summary>
    public static async Task<GcDumpReport?> Collect(string file, TextWriter output)
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var live = GC.GetTotalMemory(forceFullCollection: true);
        // The tool gives up after 30 s by default, close to what a heap of 100,000 conversations takes on a loaded machine.
        var collect = await Run(ToolCommand(), ["collect", "-p", pid, "-o", file, "--timeout", CollectTimeoutSeconds]);
        if (collect is not { ExitCode: 0 })
        {
            output.WriteLine($"dotnet-gcdump collect failed (installed? {ToolCommand()}){(collect is { } failed ? ": " + failed.Output.Trim() : "")}");
            return null;
        }
        var read = Read(file);
        var report = new GcDumpReport(read.Types) { Coverage = read.TotalBytes / (double)live };
        output.WriteLine($"{Path.GetFileName(file)}: {report.TotalBytes:N0} B in the dump, {report.Coverage:P1} of the live heap ({live:N0} B)"
            + (report.Coverage < Complete ? ": INCOMPLETE, the tool left objects out; the breakdown by type below is partial" : ""));
        return report;
    }

    private const double Complete = 0.97;

    /// <summary>The dump's total against the live heap just before it was taken (1: every live object is in it).</summary>
    public double? Coverage { get; private init; }

    /// <summary>Reads two dumps and writes what grew between them per item, as the memory suite does.</summary>
    public static object Difference(string beforeFile, string afterFile, int items, int top, TextWriter output)
    {
        var before = Read(beforeFile);
        var after = Read(afterFile);
        var growth = after.GrowthSince(before, items, top);
        var total = (after.TotalBytes - before.TotalBytes) / (double)items;
        output.WriteLine($"{Path.GetFileName(afterFile)} minus {Path.GetFileName(beforeFile)}, per item of {items:N0} "
            + $"(totals {before.TotalBytes:N0} B and {after.TotalBytes:N0} B); all types {total:N0} B:");
        foreach (var t in growth)
            output.WriteLine($"  {t.BytesPerItem,8:N0} B  {t.ObjectsPerItem,8:N2} objects  {t.Type}");
        return new
        {
            before = beforeFile, after = afterFile, items,
            total_bytes_before = before.TotalBytes, total_bytes_after = after.TotalBytes, bytes_per_item = total,
            top_types_per_item = growth.Select(t => new { type = t.Type, bytes = t.BytesPerItem, objects = t.ObjectsPerItem }),
        };
    }

    /// <summary>
    /// Reads the dump with the tool's own reader: its <c>report</c> command prints one instance's size beside the count
    /// (wrong for strings and arrays), while the graph's histogram has each type's total bytes.
    /// </summary>
    public static GcDumpReport Read(string file)
    {
        var tool = Assembly.LoadFrom(ToolAssembly());
        dynamic dump = Activator.CreateInstance(tool.GetType("GCHeapDump", throwOnError: true)!, file)!;
        dynamic graph = dump.MemoryGraph;
        dynamic storage = graph.AllocTypeNodeStorage();
        var types = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (dynamic item in graph.GetHistogramByType())
        {
            string name = graph.GetType(item.TypeIdx, storage).Name;
            long bytes = item.Size;
            long count = item.Count;
            types[name] = types.TryGetValue(name, out var seen) ? (seen.Item1 + bytes, seen.Item2 + count) : (bytes, count);
        }
        return new GcDumpReport(types);
    }

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
