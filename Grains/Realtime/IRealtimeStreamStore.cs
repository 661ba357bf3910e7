namespace Engine.Realtime;

/// <summary>
/// Where real-time streams keep their recent events: one row per event, keyed by stream and number. A write adds the
/// new rows and drops those past the window, so its cost follows the events written, not the window's size (a first
/// version stored the whole window, up to 1,000 events, on every publication).
/// </summary>
public interface IRealtimeStreamStore
{
    /// <summary>The newest <paramref name="kept"/> events of a stream, oldest first, and the last number it gave.</summary>
    Task<StoredStream> Load(string stream, int kept, CancellationToken cancellationToken);

    /// <summary>
    /// Stores new events and drops the stream's events numbered after <paramref name="dropAfter"/> up to
    /// <paramref name="dropThrough"/>, atomically. A number already stored fails the whole write: another activation of
    /// the stream gave it out.
    /// </summary>
    /// <param name="dropAfter">What an earlier write of the caller already dropped (0: not known), so a store need not
    /// look below it: on PostgreSQL a delete from the start of a long-lived stream walked every row deleted since the
    /// last vacuum (~700 buffer reads per group call under load).</param>
    Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough, CancellationToken cancellationToken);

    /// <summary>Whether the grain storage beside this store may still hold a stream an earlier version kept as grain state
    /// (<see cref="RealtimeStreamGrain.LegacyStateName"/>); true where the store cannot tell.</summary>
    Task<bool> MayHoldLegacyStreams(CancellationToken cancellationToken) => Task.FromResult(true);
}

/// <summary>A stream as stored: its kept events (oldest first) and its last number (0 for a stream never written).</summary>
public sealed record StoredStream(long LastSequence, IReadOnlyList<RealtimeEvent> Events)
{
    public static readonly StoredStream Empty = new(0, []);

    public static StoredStream Of(IReadOnlyList<RealtimeEvent> events) =>
        events.Count == 0 ? Empty : new StoredStream(events[^1].Sequence, events);
}

/// <summary>Another activation stored an event under a number this one gave out as well.</summary>
public sealed class RealtimeSequenceConflictException(string stream, long sequence)
    : Exception($"Stream {stream} already holds event {sequence}; another activation numbered it.");
