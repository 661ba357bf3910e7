namespace Engine.Persistence;

/// <summary>
/// Payloads kept for good, copied into large shared segments: what a memory store keeps instead of one array per
/// payload. A segment is big enough for the large object heap, where the collector neither copies nor promotes it, so
/// a kept payload costs the collections nothing after its copy; an array per payload was copied from gen 0 to gen 1 to
/// gen 2 on its way there (docs/BENCHMARKS.md, "The memory stores out of the collector's way"). Nothing is ever freed:
/// only for stores that keep every payload anyway.
/// </summary>
public sealed class PayloadArena(int segmentBytes = PayloadArena.SegmentBytes)
{
    /// <summary>1 MiB: well above the large object heap's 85,000 bytes, and little left unused at the end of each.</summary>
    public const int SegmentBytes = 1 << 20;

    /// <summary>Where one payload lies: 12 bytes held by value.</summary>
    public readonly record struct Slice(int Segment, int Offset, int Length);

    private readonly Lock _lock = new();
    private byte[][] _segments = [];
    private int _count;
    private int _used;

    public Slice Add(ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            if (_count == 0 || _used + payload.Length > _segments[_count - 1].Length)
                AddSegment(Math.Max(segmentBytes, payload.Length));
            var at = new Slice(_count - 1, _used, payload.Length);
            payload.CopyTo(_segments[at.Segment].AsSpan(at.Offset));
            _used += payload.Length;
            return at;
        }
    }

    /// <summary>A kept payload's bytes. Only finding the segment takes the lock (the segment table may be growing); the
    /// bytes never change once added, so they are read outside it.</summary>
    public ReadOnlySpan<byte> this[Slice slice]
    {
        get
        {
            byte[] segment;
            lock (_lock) segment = _segments[slice.Segment];
            return segment.AsSpan(slice.Offset, slice.Length);
        }
    }

    /// <summary>The collector's generation of the segment a payload lies in (2 for the large object heap).</summary>
    internal int GenerationOf(Slice slice)
    {
        lock (_lock) return GC.GetGeneration(_segments[slice.Segment]);
    }

    private void AddSegment(int bytes)
    {
        if (_count == _segments.Length) Array.Resize(ref _segments, Math.Max(16, _segments.Length * 2));
        _segments[_count++] = GC.AllocateUninitializedArray<byte>(bytes);
        _used = 0;
    }
}
