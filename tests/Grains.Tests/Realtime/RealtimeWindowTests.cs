namespace Engine.Tests.Realtime;

using Engine.Realtime;

public sealed class RealtimeWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static RealtimePublication Event(string? key = null) => new("test", null, "{}", key);

    [Fact]
    public void Events_are_numbered_one_by_one_and_a_known_key_keeps_its_first_number()
    {
        var window = new RealtimeWindow("s", 10, TimeSpan.FromHours(1));
        Assert.Equal(1, window.Append(Event("a"), T0).Event.Sequence);
        Assert.Equal(2, window.Append(Event(), T0).Event.Sequence);
        var again = window.Append(Event("a"), T0);
        Assert.False(again.Added);
        Assert.Equal(1, again.Event.Sequence);
        Assert.Equal(3, window.Append(Event("b"), T0).Event.Sequence);
        Assert.Equal([1L, 2, 3], window.Events.Select(e => e.Sequence));
    }

    [Fact]
    public void Replay_gives_exactly_the_stored_events_after_a_number()
    {
        var window = new RealtimeWindow("s", 10, TimeSpan.FromHours(1));
        for (var i = 0; i < 6; i++) window.Append(Event(), T0);

        var replay = window.After(2, 100, upTo: 5);
        Assert.Equal([3L, 4, 5], replay.Events.Select(e => e.Sequence)); // 6 is not stored yet: not replayed
        Assert.Equal(5, replay.Latest);
        Assert.False(replay.Gap);
        Assert.Empty(window.After(5, 100, upTo: 5).Events);
        Assert.Equal([3L, 4], window.After(2, 2, upTo: 6).Events.Select(e => e.Sequence));
    }

    [Fact]
    public void Only_the_newest_events_are_kept_and_a_client_from_before_them_is_told_of_the_gap()
    {
        var window = new RealtimeWindow("s", 3, TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++) window.Append(Event($"k{i}"), T0);

        Assert.Equal([3L, 4, 5], window.Events.Select(e => e.Sequence));
        Assert.True(window.After(1, 100, 5).Gap);
        Assert.False(window.After(2, 100, 5).Gap); // 3 is the next it needs, and it is kept
        // A dropped key is forgotten with its event: publishing it again is a new event.
        Assert.Equal(6, window.Append(Event("k0"), T0).Event.Sequence);
    }

    [Fact]
    public void Events_older_than_the_age_limit_are_dropped_but_the_newest_stays()
    {
        var window = new RealtimeWindow("s", 100, TimeSpan.FromHours(1));
        window.Append(Event(), T0);
        window.Append(Event(), T0.AddMinutes(30));
        window.Append(Event(), T0.AddMinutes(70));
        Assert.Equal([2L, 3], window.Events.Select(e => e.Sequence));
        window.Trim(T0.AddHours(5));
        Assert.Equal([3L], window.Events.Select(e => e.Sequence));
        Assert.True(window.After(1, 100, 3).Gap);
    }

    [Fact]
    public void A_client_ahead_of_the_stream_is_told_to_reload()
    {
        var window = new RealtimeWindow("s", 100, TimeSpan.FromHours(1));
        window.Append(Event(), T0);
        var replay = window.After(7, 100, 1);
        Assert.True(replay.Gap);
        Assert.Equal(1, replay.Latest);
        Assert.Empty(replay.Events);
    }

    [Fact]
    public void A_restored_window_continues_the_numbering_and_remembers_keys()
    {
        var first = new RealtimeWindow("s", 100, TimeSpan.FromHours(1));
        first.Append(Event("a"), T0);
        first.Append(Event("b"), T0);
        var restored = RealtimeWindow.Restore("s", 100, TimeSpan.FromHours(1), first.LastSequence, first.Events);
        Assert.False(restored.Append(Event("b"), T0).Added);
        Assert.Equal(3, restored.Append(Event("c"), T0).Event.Sequence);
    }

    [Fact]
    public void Between_gives_the_kept_events_after_one_number_up_to_another_in_order()
    {
        var window = new RealtimeWindow("s", 10, TimeSpan.FromHours(1));
        for (var i = 0; i < 6; i++) window.Append(Event(), T0);
        Assert.Equal([3L, 4, 5], window.Between(2, 5).Select(e => e.Sequence));
        Assert.Empty(window.Between(6, 6));
        Assert.Equal([1L, 2, 3, 4, 5, 6], window.Between(0, 6).Select(e => e.Sequence));
    }
}
