namespace Engine.Tests.Realtime;

using Engine.Realtime;
using Engine.Tests.Hosting;
using Orleans.Runtime;

/// <summary>
/// A stream grain's writes drop what falls out of its window, each starting after what its writes before dropped, so
/// a store never has to look at rows already gone (on PostgreSQL those are dead rows until a vacuum).
/// </summary>
[Collection(RecordingStoreCollection.Name)]
public sealed class StreamDropTests(RecordingStoreClusterFixture fixture)
{
    private const int Kept = RealtimeStreamGrain.Kept;

    /// <summary>A new stream given <paramref name="count"/> publications one at a time, so each is its own write.</summary>
    private async Task<(string Key, IRealtimeStreamGrain Stream)> StreamWith(int count)
    {
        var key = RealtimeStreams.Key("drops", $"test:{Guid.NewGuid():N}");
        var stream = fixture.Cluster.Client.GetGrain<IRealtimeStreamGrain>(key);
        for (var n = 1; n <= count; n++)
            await stream.Publish([new RealtimePublication("test", null, "{}", $"k{n}")]);
        return (key, stream);
    }

    private List<(long After, long Through)> DropsOf(string key) =>
        [.. fixture.Streams.Drops.Where(d => d.Stream == key).Select(d => (d.After, d.Through))];

    [Fact]
    public async Task Each_write_drops_from_where_the_one_before_stopped_and_the_window_stays_whole()
    {
        var (key, _) = await StreamWith(Kept + 5);

        var drops = DropsOf(key);
        Assert.Equal(Kept + 5, drops.Count);
        // Nothing to drop until the window is full; then each write drops one more, starting after the last.
        Assert.All(drops.Take(Kept), d => Assert.True(d.Through <= 0, $"dropped {d} before the window was full"));
        Assert.Equal([(0L, 1L), (1, 2), (2, 3), (3, 4), (4, 5)], drops.Skip(Kept));

        var stored = await fixture.Streams.Load(key, Kept + 10, CancellationToken.None);
        Assert.Equal(Enumerable.Range(6, Kept).Select(n => (long)n), stored.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_new_activation_starts_its_first_drop_where_the_stored_writes_stopped()
    {
        var (key, stream) = await StreamWith(Kept + 3);

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await stream.Publish([new RealtimePublication("test", null, "{}", "after")]);

        // Not 0: the rows up to 3 went with the last activation's writes, and the new one knows it from the store.
        Assert.Equal((3L, 4L), DropsOf(key).Last());
    }
}
