namespace Engine.Bench;

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

/// <summary>
/// Which types a phase allocates, from the runtime's own sampling: with the GC keyword at verbose level the runtime
/// raises an AllocationTick event about every 100 KB allocated, naming the type of the object that crossed the line
/// and the bytes since the last tick. Summed by type, the ticks estimate each type's share of the bytes (a sample, so
/// types under a few KB per second are noise). Only while <see cref="Active"/> is set.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEventId = 10;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();

    public volatile bool Active;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!Active || e.EventId != AllocationTickEventId || e.PayloadNames is not { } names) return;
        var type = names.IndexOf("TypeName") is var t and >= 0 ? e.Payload![t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload![a]) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }

    /// <summary>The types with the most sampled bytes, as estimated bytes per item over <paramref name="items"/>.</summary>
    public IReadOnlyList<TraceAllocations.Share> Top(int count, long items) =>
        TraceAllocations.Top(new Dictionary<string, long>(_bytesByType), count, items);
}
