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

    /// <summary>Collects a dump of this process into <paramref name="file"/> and reads its histogram by type.</summary>
    public static async Task<GcDumpReport?> Collect(string file, TextWriter output)
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        // The tool gives up after 30 s by default; walking a heap of 100,000 conversations (~1 GB, millions of objects)
        // on a loaded machine takes longer.
        var collect = await Run(ToolCommand(), ["collect", "-p", pid, "-o", file, "--timeout", CollectTimeoutSeconds]);
        if (collect is not { ExitCode: 0 })
        {
            output.WriteLine($"dotnet-gcdump collect failed (installed? {ToolCommand()}){(collect is { } failed ? ": " + failed.Output.Trim() : "")}");
            return null;
        }
        return Read(file);
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
