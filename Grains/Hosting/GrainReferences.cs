namespace Engine.Hosting;

using System.Collections.Concurrent;

/// <summary>
/// Grain references the ingest path asks for again and again (thread directories, conversations, real-time streams),
/// kept per silo up to a bound. Making a reference is not free in Orleans 10: the generated proxy resolves the copiers
/// of its arguments and the interface type by reflection every time, which was about a tenth of the CPU of an inbound
/// message (docs/BENCHMARKS.md). When the bound is reached the cache starts over, so memory stays flat.
/// </summary>
public sealed class GrainReferences(IGrainFactory grains, int bound = GrainReferences.Bound)
{
    public const int Bound = 100_000;

    private readonly ConcurrentDictionary<(Type Interface, string Key), IAddressable> _byString = new();
    private readonly ConcurrentDictionary<(Type Interface, Guid Key), IAddressable> _byGuid = new();
    private int _count;

    public TGrain Get<TGrain>(string key) where TGrain : IGrainWithStringKey =>
        _byString.TryGetValue((typeof(TGrain), key), out var known) ? (TGrain)known : Keep(_byString, (typeof(TGrain), key), grains.GetGrain<TGrain>(key));

    public TGrain Get<TGrain>(Guid key) where TGrain : IGrainWithGuidKey =>
        _byGuid.TryGetValue((typeof(TGrain), key), out var known) ? (TGrain)known : Keep(_byGuid, (typeof(TGrain), key), grains.GetGrain<TGrain>(key));

    /// <summary>Forgets every kept reference (as reaching the bound does); the memory suite measures conversations without them.</summary>
    public void Clear()
    {
        _byString.Clear();
        _byGuid.Clear();
        Interlocked.Exchange(ref _count, 0);
    }

    private TGrain Keep<TKey, TGrain>(ConcurrentDictionary<TKey, IAddressable> cache, TKey key, TGrain reference)
        where TKey : notnull where TGrain : IAddressable
    {
        if (Interlocked.Increment(ref _count) > bound) Clear();
        cache[key] = reference;
        return reference;
    }
}
