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
        Assert.Equal(1, window.Append(Event("a"), T0).Sequence);
        Assert.Equal(2, window.Append(Event(), T0).Sequence);
        var again = window.Append(Event("a"), T0);
        Assert.False(again.Added);
        Assert.Equal(1, again.Sequence);
        Assert.Equal(3, window.Append(Event("b"), T0).Sequence);
        Assert.Equal([1L, 2, 3], window.Held.Select(e => e.Sequence));
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

        Assert.Equal((3, 3), (window.FirstSequence, window.Count));
        Assert.Equal([3L, 4, 5], window.Between(0, 5).Select(e => e.Sequence));
        Assert.True(window.After(1, 100, 5).Gap);
        Assert.False(window.After(2, 100, 5).Gap); // 3 is the next it needs, and it is kept
        // A dropped key is forgotten with its event: publishing it again is a new event.
        Assert.Equal(6, window.Append(Event("k0"), T0).Sequence);
    }

    [Fact]
    public void Events_older_than_the_age_limit_are_dropped_but_the_newest_stays()
    {
        var window = new RealtimeWindow("s", 100, TimeSpan.FromHours(1));
        window.Append(Event(), T0);
        window.Append(Event(), T0.AddMinutes(30));
        window.Append(Event(), T0.AddMinutes(70));
        Assert.Equal((2, 2), (window.FirstSequence, window.Count));
        window.Trim(T0.AddHours(5));
        Assert.Equal((3, 1), (window.FirstSequence, window.Count));
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
        var stored = new StoredStream(first.LastSequence, first.Held.ToList());
        var restored = RealtimeWindow.Restore("s", 100, TimeSpan.FromHours(1), stored.LastSequence, stored.Events);
        Assert.Empty(restored.Held); // it keeps only the numbers, times and key hashes, not the events

        // A repeated key is not held any more: the store says whether it is the same key.
        Assert.True(restored.NeedsStoredKeys([Event("b")], null));
        Assert.Throws<InvalidOperationException>(() => restored.Append(Event("b"), T0));
        var known = StoredKeys.Of(stored, [Event("b")]);
        Assert.False(restored.NeedsStoredKeys([Event("b")], known));
        Assert.Equal((2, false), restored.Append(Event("b"), T0, known));
        Assert.False(restored.NeedsStoredKeys([Event("c")], null));
        Assert.Equal(3, restored.Append(Event("c"), T0).Sequence);
    }

    [Fact]
    public void A_window_past_the_index_mark_numbers_keys_as_a_short_one_does_while_it_grows_trims_and_shrinks()
    {
        const int kept = 150;
        var window = new RealtimeWindow("s", kept, TimeSpan.FromHours(1));
        var random = new Random(20261206);
        var numbers = new Dictionary<string, long>(); // the model: each key's number while it is kept
        var at = T0;
        for (var i = 0; i < 3_000; i++)
        {
            if (i == 2_000)
            {
                // Everything but the newest ages out: the window falls far below the mark and grows past it again.
                at = at.AddHours(2);
                window.Trim(at);
                Assert.Equal(1, window.Count);
            }
            var key = $"k{random.Next(300)}";
            var expected = numbers.TryGetValue(key, out var n) && n >= window.FirstSequence && n <= window.LastSequence
                ? (n, false)
                : (window.LastSequence + 1, true);
            Assert.Equal(expected, window.Append(Event(key), at));
            numbers[key] = expected.Item1;
        }
        Assert.Equal(kept, window.Count);
    }

    [Fact]
    public void A_key_whose_hash_matches_a_stored_event_of_another_key_is_a_new_event()
    {
        var window = RealtimeWindow.Restore("s", 100, TimeSpan.FromHours(1), 1, [new RealtimeEvent("s", 1, "test", T0, null, "{}", "a")]);
        // The store read shows event 1 under no asked key: as for two keys with one 64-bit hash, "a" here is new.
        var known = new StoredKeys(1, new Dictionary<string, long>());
        Assert.Equal((2, true), window.Append(Event("a"), T0, known));
        Assert.Equal((2, false), window.Append(Event("a"), T0, known)); // the held one answers now
    }

    [Fact]
    public void Released_events_are_replayed_from_the_store_rows_exactly_as_from_the_held_ones()
    {
        var window = new RealtimeWindow("s", 4, TimeSpan.FromHours(1));
        for (var i = 0; i < 6; i++) window.Append(Event($"k{i}"), T0);
        var rows = window.Between(0, 6);
        var fromHeld = window.After(2, 100, 6);
        Assert.False(window.ReplayNeedsStore(2, 6));

        window.Release(6);
        Assert.Empty(window.Held);
        Assert.True(window.ReplayNeedsStore(2, 6));
        Assert.False(window.ReplayNeedsStore(6, 6)); // caught up: nothing to read
        var fromStore = window.After(2, 100, 6, rows);
        Assert.Equal(fromHeld.Events.Select(e => e.Sequence), fromStore.Events.Select(e => e.Sequence));
        Assert.Equal([3L, 4, 5, 6], fromStore.Events.Select(e => e.Sequence));
        Assert.Equal((fromHeld.Gap, fromHeld.Latest), (fromStore.Gap, fromStore.Latest));
        Assert.True(window.After(1, 100, 6, rows).Gap); // 2 was dropped from the window, though a row might remain
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
