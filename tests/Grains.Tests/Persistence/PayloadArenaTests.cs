namespace Engine.Tests.Persistence;

using Engine.Persistence;

public sealed class PayloadArenaTests
{
    private static byte[] Payload(int seed, int length) => Enumerable.Range(0, length).Select(i => (byte)(seed * 31 + i)).ToArray();

    [Fact]
    public void Every_payload_reads_back_as_added_across_segments()
    {
        var arena = new PayloadArena(segmentBytes: 100);
        var payloads = Enumerable.Range(0, 50).Select(i => Payload(i, 1 + i % 40)).ToList();

        var slices = payloads.Select(p => arena.Add(p)).ToList();

        Assert.True(slices.Select(s => s.Segment).Distinct().Count() > 1, "the payloads should have needed several segments");
        for (var i = 0; i < payloads.Count; i++)
            Assert.Equal(payloads[i], arena[slices[i]].ToArray());
    }

    [Fact]
    public void A_payload_larger_than_a_segment_gets_a_segment_of_its_own_and_the_next_starts_another()
    {
        var arena = new PayloadArena(segmentBytes: 16);
        var small = arena.Add(Payload(1, 10));
        var large = arena.Add(Payload(2, 40));
        var after = arena.Add(Payload(3, 10));

        Assert.Equal(Payload(2, 40), arena[large].ToArray());
        Assert.Equal(Payload(1, 10), arena[small].ToArray());
        Assert.Equal(Payload(3, 10), arena[after].ToArray());
        Assert.NotEqual(small.Segment, large.Segment);
        Assert.NotEqual(large.Segment, after.Segment);
    }

    [Fact]
    public void A_segment_is_large_enough_for_the_large_object_heap_so_kept_bytes_are_not_copied_by_young_collections()
    {
        var arena = new PayloadArena();
        var slice = arena.Add(Payload(7, 300));

        // The large object heap counts as generation 2 from the moment of allocation (a small array starts in gen 0).
        Assert.Equal(2, arena.GenerationOf(slice));
        Assert.Equal(Payload(7, 300), arena[slice].ToArray());
    }

    [Fact]
    public async Task Concurrent_adds_keep_every_payload_whole()
    {
        var arena = new PayloadArena(segmentBytes: 4_096);
        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(() =>
            Enumerable.Range(0, 500).Select(i => (Seed: writer * 1_000 + i, Slice: arena.Add(Payload(writer * 1_000 + i, 1 + i % 97)))).ToList())));

        foreach (var (seed, slice) in added.SelectMany(a => a))
            Assert.Equal(Payload(seed, slice.Length), arena[slice].ToArray());
    }
}
