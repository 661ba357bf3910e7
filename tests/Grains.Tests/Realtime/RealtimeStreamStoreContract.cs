namespace Engine.Tests.Realtime;

using Engine.Persistence;
using Engine.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

/// <summary>
/// What every real-time stream store must do, run against each implementation: events come back as written, newest
/// window only, a number given twice is refused without storing anything of that write, and streams never see each
/// other's rows.
/// </summary>
public abstract class RealtimeStreamStoreContract
{
    public static readonly StoredPayloads Payloads = StoredPayloads.Standalone;

    protected abstract IRealtimeStreamStore Store { get; }

    private readonly string _stream = $"t{Guid.NewGuid():N}"[..12] + "/conversation:1";

    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static RealtimeEvent Event(long sequence, string? key = null) =>
        new("conversation:1", sequence, "message.added", At.AddSeconds(sequence), Guid.Empty, $$"""{"n":{{sequence}}}""", key);

    private static IReadOnlyList<RealtimeEvent> Events(long from, long to) =>
        Enumerable.Range((int)from, (int)(to - from + 1)).Select(n => Event(n, $"k{n}")).ToList();

    [Fact]
    public async Task A_stream_never_written_is_empty()
    {
        var read = await Store.Load(_stream, 1_000, CancellationToken.None);
        Assert.Equal(0, read.LastSequence);
        Assert.Empty(read.Events);
    }

    [Fact]
    public async Task Events_come_back_in_order_with_every_field_and_the_last_number()
    {
        await Store.Append(_stream, Events(1, 3), 0, 0, CancellationToken.None);
        await Store.Append(_stream, [Event(4)], 0, 0, CancellationToken.None);

        var read = await Store.Load(_stream, 1_000, CancellationToken.None);
        Assert.Equal(4, read.LastSequence);
        Assert.Equal([.. Events(1, 3), Event(4)], read.Events);
    }

    [Fact]
    public async Task Load_gives_only_the_newest_events_asked_for()
    {
        await Store.Append(_stream, Events(1, 10), 0, 0, CancellationToken.None);

        var read = await Store.Load(_stream, 4, CancellationToken.None);
        Assert.Equal([7L, 8, 9, 10], read.Events.Select(e => e.Sequence));
        Assert.Equal(10, read.LastSequence);
    }

    [Fact]
    public async Task A_write_drops_the_events_numbered_up_to_its_mark_and_keeps_the_rest()
    {
        await Store.Append(_stream, Events(1, 5), 0, 0, CancellationToken.None);
        await Store.Append(_stream, Events(6, 7), 0, 4, CancellationToken.None);

        var read = await Store.Load(_stream, 1_000, CancellationToken.None);
        Assert.Equal([5L, 6, 7], read.Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_number_already_stored_is_refused_and_nothing_of_that_write_is_kept()
    {
        await Store.Append(_stream, Events(1, 3), 0, 0, CancellationToken.None);

        await Assert.ThrowsAsync<RealtimeSequenceConflictException>(() =>
            Store.Append(_stream, [Event(4), Event(3, "other")], 0, 2, CancellationToken.None));

        var read = await Store.Load(_stream, 1_000, CancellationToken.None);
        Assert.Equal(Events(1, 3), read.Events);
    }

    [Fact]
    public async Task Streams_do_not_see_each_other()
    {
        var other = _stream.Replace("conversation:1", "conversation:2");
        await Store.Append(_stream, Events(1, 2), 0, 0, CancellationToken.None);
        await Store.Append(other, Events(1, 5), 0, 3, CancellationToken.None);

        Assert.Equal(Events(1, 2), (await Store.Load(_stream, 1_000, CancellationToken.None)).Events);
        Assert.Equal([4L, 5], (await Store.Load(other, 1_000, CancellationToken.None)).Events.Select(e => e.Sequence));
    }
}
