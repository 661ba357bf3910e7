namespace Engine.Tests.Realtime;

using System.Collections.Concurrent;
using Engine.Realtime;
using Engine.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

[Collection(ClusterCollection.Name)]
public sealed class RealtimeStreamGrainTests(ClusterFixture fixture)
{
    private IRealtimeStreamGrain Stream() => fixture.Client.GetGrain<IRealtimeStreamGrain>(RealtimeStreams.Key("acme", $"test:{Guid.NewGuid():N}"));

    private static RealtimePublication Event(int n, string? key = null) => new("test", null, $$"""{"n":{{n}}}""", key);

    private sealed class Collector : IRealtimeObserver
    {
        public ConcurrentQueue<RealtimeEvent> Events { get; } = new();

        public Task Deliver(string streamKey, IReadOnlyList<RealtimeEvent> events)
        {
            foreach (var e in events) Events.Enqueue(e);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Concurrent_publishers_get_gap_free_numbers_and_every_event_reaches_the_observer_once()
    {
        var stream = Stream();
        var collector = new Collector();
        var observer = fixture.Client.CreateObjectReference<IRealtimeObserver>(collector);
        await stream.Subscribe(observer);

        var numbers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => stream.Publish([Event(i)])));

        var all = numbers.SelectMany(n => n).OrderBy(n => n).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(n => (long)n), all);
        var replay = await stream.After(0, 1_000);
        Assert.Equal(all, replay.Events.Select(e => e.Sequence));
        Assert.Equal(200, replay.Latest);
        await Eventually.TrueAsync(() => Task.FromResult(collector.Events.Count >= 200), TimeSpan.FromSeconds(10), "observer got all events");
        Assert.Equal(all, collector.Events.Select(e => e.Sequence).OrderBy(n => n));
        Assert.Equal(200, collector.Events.Select(e => e.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task Numbering_and_the_window_survive_deactivation_and_a_replay_gives_exactly_the_missed_events()
    {
        var stream = Stream();
        await stream.Publish([Event(1, "a"), Event(2, "b"), Event(3, "c")]);
        await fixture.Cluster.DeactivateAsync(stream);
        await fixture.Cluster.WaitForDeactivationAsync(stream);

        Assert.Equal([2L], await stream.Publish([Event(2, "b")])); // a repeat after the restart keeps its number
        Assert.Equal([4L], await stream.Publish([Event(4, "d")]));
        var missed = await stream.After(2, 100);
        Assert.Equal([3L, 4], missed.Events.Select(e => e.Sequence));
        Assert.Equal(["""{"n":3}""", """{"n":4}"""], missed.Events.Select(e => e.Data));
        Assert.False(missed.Gap);
    }

    [Fact]
    public async Task A_catch_up_after_delivery_gets_the_same_events_from_the_store_and_a_repeat_its_first_number()
    {
        var stream = Stream();
        var collector = new Collector();
        await stream.Subscribe(fixture.Client.CreateObjectReference<IRealtimeObserver>(collector));
        for (var i = 1; i <= 5; i++) await stream.Publish([Event(i, $"k{i}")]);
        await Eventually.TrueAsync(() => Task.FromResult(collector.Events.Count >= 5), TimeSpan.FromSeconds(10), "observer got all events");

        // Delivered events are no longer held by the grain: the replay is read from the store, the same as delivered.
        var replay = await stream.After(1, 100);
        // Calls to a client's observer may run in any order (one delivery came in as 1, 3, 4, 5, 2), so compare by number;
        // the front ends re-read on an event rather than trust the order of arrival.
        Assert.Equal(collector.Events.OrderBy(e => e.Sequence).Skip(1).Select(e => (e.Sequence, e.Type, e.Data, e.Key)),
            replay.Events.Select(e => (e.Sequence, e.Type, e.Data, e.Key)));
        Assert.Equal(5, replay.Latest);
        Assert.Empty((await stream.After(5, 100)).Events);
        Assert.Equal([3L, 6], await stream.Publish([Event(3, "k3"), Event(6, "k6")]));
    }

    [Fact]
    public async Task The_window_keeps_the_latest_events_and_an_older_number_is_a_gap()
    {
        var stream = Stream();
        var batch = Enumerable.Range(0, RealtimeStreamGrain.Kept + 10).Select(i => Event(i)).ToList();
        await stream.Publish(batch);
        var replay = await stream.After(0, 5_000);
        Assert.True(replay.Gap);
        Assert.Equal(RealtimeStreamGrain.Kept, replay.Events.Count);
        Assert.Equal(11, replay.Events[0].Sequence);
        Assert.False((await stream.After(10, 5_000)).Gap);
    }

    [Fact]
    public async Task An_unsubscribed_observer_hears_nothing_more()
    {
        var stream = Stream();
        var collector = new Collector();
        var observer = fixture.Client.CreateObjectReference<IRealtimeObserver>(collector);
        await stream.Subscribe(observer);
        await stream.Publish([Event(1)]);
        await Eventually.TrueAsync(() => Task.FromResult(collector.Events.Count == 1), TimeSpan.FromSeconds(10), "observer got the event");
        await stream.Unsubscribe(observer);
        await stream.Publish([Event(2)]);
        await Task.Delay(200);
        Assert.Single(collector.Events);
    }

    [Fact]
    public async Task A_stream_an_earlier_version_kept_as_grain_state_goes_on_with_its_numbers_and_events()
    {
        var stream = Stream();
        var key = stream.GetPrimaryKeyString();
        var name = key.Split('/', 2)[1];
        var old = new RealtimeStreamState
        {
            LastSequence = 7,
            Events = [new RealtimeEvent(name, 6, "test", fixture.Clock.GetUtcNow(), null, """{"n":6}""", "six"),
                new RealtimeEvent(name, 7, "test", fixture.Clock.GetUtcNow(), null, """{"n":7}""", "seven")],
        };
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(EngineStorage.Name);
        await storage.WriteStateAsync(RealtimeStreamGrain.LegacyStateName, stream.GetGrainId(), new GrainState<RealtimeStreamState>(old));

        Assert.Equal([7L], await stream.Publish([Event(7, "seven")])); // a repeat keeps its old number
        Assert.Equal([8L], await stream.Publish([Event(8)]));
        var replay = await stream.After(5, 100);
        Assert.Equal([6L, 7, 8], replay.Events.Select(e => e.Sequence));
        Assert.False(replay.Gap);
        var left = new GrainState<RealtimeStreamState>(new RealtimeStreamState());
        await storage.ReadStateAsync(RealtimeStreamGrain.LegacyStateName, stream.GetGrainId(), left);
        Assert.Equal(0, left.State?.LastSequence ?? 0); // the old grain state is cleared once moved

        await fixture.Cluster.DeactivateAsync(stream);
        await fixture.Cluster.WaitForDeactivationAsync(stream);
        Assert.Equal([9L], await stream.Publish([Event(9)])); // the moved window is in the store now, not read again
    }
}
