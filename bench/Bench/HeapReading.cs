namespace Engine.Bench;

using System.Diagnostics;
using System.Runtime;

/// <summary>The managed heap after forced, blocking, compacting full collections, beside the process's resident memory.</summary>
/// <param name="LiveBytes">What <see cref="GC.GetTotalMemory"/> counts after the collections: the live objects.</param>
/// <param name="HeapBytes">The GC's heap size after the last collection (live objects and fragmentation).</param>
/// <param name="CommittedBytes">Memory the GC has committed from the OS.</param>
/// <param name="ResidentBytes">The process's working set: heap, native memory (SQLite's page cache), code.</param>
public sealed record HeapReading(long LiveBytes, long HeapBytes, long FragmentedBytes, long CommittedBytes, long ResidentBytes)
{
    /// <summary>Waits for one-way calls and background writes to finish, then collects twice and reads.</summary>
    public static async Task<HeapReading> Take(TimeSpan settle)
    {
        await Task.Delay(settle);
        for (var i = 0; i < 2; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var live = GC.GetTotalMemory(forceFullCollection: true);
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        using var process = Process.GetCurrentProcess();
        return new HeapReading(live, info.HeapSizeBytes, info.FragmentedBytes, info.TotalCommittedBytes, process.WorkingSet64);
    }

    public object ToJson() => new
    {
        live_bytes = LiveBytes, heap_bytes = HeapBytes, fragmented_bytes = FragmentedBytes,
        committed_bytes = CommittedBytes, resident_bytes = ResidentBytes,
    };
}
