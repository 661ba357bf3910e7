namespace Engine.Realtime;

/// <summary>
/// The numbering and the recent window of one stream: each new publication gets the next number, a known key gets
/// its earlier number, and only the newest <see cref="Kept"/> events younger than <see cref="MaxAge"/> are kept.
/// Replay never goes past <c>upTo</c>, the last number known to be stored.
/// </summary>
public sealed class RealtimeWindow(string stream, int kept, TimeSpan maxAge)
{
    private readonly List<RealtimeEvent> _events = [];
    private readonly Dictionary<string, long> _keys = new(StringComparer.Ordinal);

    public int Kept => kept;
    public TimeSpan MaxAge => maxAge;
    public long LastSequence { get; private set; }
    public IReadOnlyList<RealtimeEvent> Events => _events;

    public static RealtimeWindow Restore(string stream, int kept, TimeSpan maxAge, long lastSequence, IEnumerable<RealtimeEvent> events)
    {
        var window = new RealtimeWindow(stream, kept, maxAge) { LastSequence = lastSequence };
        foreach (var e in events)
            window.Keep(e);
        return window;
    }

    /// <returns>The event and whether it is new (false: its key was already kept).</returns>
    public (RealtimeEvent Event, bool Added) Append(RealtimePublication publication, DateTimeOffset now)
    {
        if (publication.Key is { } key && _keys.TryGetValue(key, out var known))
            return (_events.Find(e => e.Sequence == known)!, false);
        var e = new RealtimeEvent(stream, LastSequence + 1, publication.Type, publication.At ?? now,
            publication.ConversationId, publication.Data, publication.Key);
        LastSequence = e.Sequence;
        Keep(e);
        Trim(now);
        return (e, true);
    }

    /// <summary>Drops what is past the count or the age; the newest event always stays, so the window knows its end.</summary>
    public void Trim(DateTimeOffset now)
    {
        var drop = Math.Max(0, _events.Count - kept);
        while (drop < _events.Count - 1 && now - _events[drop].At > maxAge) drop++;
        if (drop == 0) return;
        foreach (var e in _events.Take(drop))
            if (e.Key is not null) _keys.Remove(e.Key);
        _events.RemoveRange(0, drop);
    }

    /// <summary>The kept events numbered after <paramref name="after"/> up to <paramref name="upTo"/>, oldest first; found from
    /// the newest end, since callers ask for the few events of the last write.</summary>
    public List<RealtimeEvent> Between(long after, long upTo)
    {
        var start = _events.Count;
        while (start > 0 && _events[start - 1].Sequence > after) start--;
        var result = new List<RealtimeEvent>();
        for (var i = start; i < _events.Count && _events[i].Sequence <= upTo; i++) result.Add(_events[i]);
        return result;
    }

    public RealtimeReplay After(long sequence, int limit, long upTo)
    {
        var oldest = _events.Count > 0 ? _events[0].Sequence : upTo + 1;
        // Asked from before what is kept, or from past the end (the client saw a stream this one is not): reload.
        var gap = (sequence < oldest - 1 && sequence < upTo) || sequence > upTo;
        var events = _events.Where(e => e.Sequence > sequence && e.Sequence <= upTo).Take(limit).ToList();
        return new RealtimeReplay(events, upTo, gap);
    }

    private void Keep(RealtimeEvent e)
    {
        _events.Add(e);
        if (e.Key is not null) _keys[e.Key] = e.Sequence;
    }
}
