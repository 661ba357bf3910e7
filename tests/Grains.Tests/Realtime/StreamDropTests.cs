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
    [Fact]
    public async Task Each_write_drops_from_where_the_one_before_stopped_and_the_window_stays_whole()
    {
        var key = RealtimeStreams.Key("drops", $"test:{Guid.NewGuid():N}");
        var stream = fixture.Cluster.Client.GetGrain<IRealtimeStreamGrain>(key);
        var kept = RealtimeStreamGrain.Kept;

        // One at a time, so each publication is its own write.
        for (var n = 1; n <= kept + 5; n++)
            await stream.Publish([new RealtimePublication("test", null, "{}", $"k{n}")]);

        var drops = fixture.Streams.Drops.Where(d => d.Stream == key).Select(d => (d.After, d.Through)).ToList();
        Assert.Equal(kept + 5, drops.Count);
        // Nothing to drop until the window is full; then each write drops one more, starting after the last.
        Assert.All(drops.Take(kept), d => Assert.True(d.Through <= 0, $"dropped {d} before the window was full"));
        Assert.Equal([(0L, 1L), (1, 2), (2, 3), (3, 4), (4, 5)], drops.Skip(kept));

        var stored = await fixture.Streams.Load(key, kept + 10, CancellationToken.None);
        Assert.Equal(Enumerable.Range(6, kept).Select(n => (long)n), stored.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_new_activation_starts_its_first_drop_where_the_stored_writes_stopped()
    {
        var key = RealtimeStreams.Key("drops", $"test:{Guid.NewGuid():N}");
        var stream = fixture.Cluster.Client.GetGrain<IRealtimeStreamGrain>(key);
        var kept = RealtimeStreamGrain.Kept;
        for (var n = 1; n <= kept + 3; n++)
            await stream.Publish([new RealtimePublication("test", null, "{}", $"k{n}")]);

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await stream.Publish([new RealtimePublication("test", null, "{}", "after")]);

        // Not 0: the rows up to 3 went with the last activation's writes, and the new one knows it from the store.
        Assert.Equal((3L, 4L), fixture.Streams.Drops.Where(d => d.Stream == key).Select(d => (d.After, d.Through)).Last());
    }
}
