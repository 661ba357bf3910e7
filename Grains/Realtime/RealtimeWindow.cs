namespace Engine.Realtime;

using System.IO.Hashing;
using System.Runtime.InteropServices;

/// <summary>
/// The numbering and the recent window of one stream: each new publication gets the next number, a known key gets
/// its earlier number, and only the newest <see cref="Kept"/> events younger than <see cref="MaxAge"/> are kept.
/// Replay never goes past <c>upTo</c>, the last number known to be stored.
/// The window does not hold the kept events themselves (their JSON is in <see cref="IRealtimeStreamStore"/>; holding a
/// copy cost a conversation's stream ~0.7 KB per event while active): of each it keeps only its time and a 64-bit hash
/// of its key, 16 bytes. Whole events are held only from their numbering until <see cref="Release"/> (delivered).
/// A hash only names candidates: whether a stored candidate really has the key is the store's answer
/// (<see cref="StoredKeys"/>), so two keys with one hash never share a number.
/// </summary>
public sealed class RealtimeWindow(string stream, int kept, TimeSpan maxAge)
{
    private readonly record struct Entry(long AtTicks, ulong KeyHash);

    /// <summary>From this many kept events on, a hash → number index names a key's candidates. An agent's stream keeps
    /// up to 1,000 events and every publication asked twice (whether the store must be read, then the number): the scan
    /// of the whole window took ~5 % of a 3-silo cluster's CPU under load. A conversation's stream stays smaller.</summary>
    public const int IndexFrom = 64;

    /// <summary>The kept events, numbered <see cref="FirstSequence"/> to <see cref="LastSequence"/> with no gap.</summary>
    private readonly List<Entry> _entries = [];
    /// <summary>Each kept key's hash → its number, when <see cref="IndexFrom"/> or more are kept; null below.</summary>
    private Dictionary<ulong, long>? _index;
    /// <summary>Two kept numbers shared a hash (two keys; a key is kept once): names are then found by a scan.</summary>
    private bool _indexCollided;
    /// <summary>Numbered and not yet released, oldest first.</summary>
    private readonly List<RealtimeEvent> _held = [];

    public int Kept => kept;
    public TimeSpan MaxAge => maxAge;
    public long LastSequence { get; private set; }
    /// <summary>The oldest kept number; <see cref="LastSequence"/> + 1 when nothing is kept.</summary>
    public long FirstSequence => LastSequence - _entries.Count + 1;
    public int Count => _entries.Count;
    /// <summary>Whole events held in memory (numbered, not yet released).</summary>
    public IReadOnlyList<RealtimeEvent> Held => _held;

    /// <summary>A window from what the store holds; only the unbroken run of events ending at the last number is kept.</summary>
    public static RealtimeWindow Restore(string stream, int kept, TimeSpan maxAge, long lastSequence, IReadOnlyList<RealtimeEvent> events)
    {
        var window = new RealtimeWindow(stream, kept, maxAge) { LastSequence = lastSequence };
        var start = events.Count;
        while (start > 0 && events[start - 1].Sequence == lastSequence - (events.Count - start)) start--;
        for (var i = start; i < events.Count; i++)
            window._entries.Add(new Entry(events[i].At.UtcTicks, Hash(events[i].Key)));
        window.IndexIfLarge();
        return window;
    }

    /// <summary>True when a publication's key hashes like a kept event that is no longer held and that
    /// <paramref name="known"/> (a store read) does not cover: the store must say whether it is the same key.</summary>
    public bool NeedsStoredKeys(IReadOnlyList<RealtimePublication> publications, StoredKeys? known)
    {
        foreach (var publication in publications)
        {
            if (publication.Key is null) continue;
            foreach (var sequence in Candidates(Hash(publication.Key)))
                if (HeldEvent(sequence) is null && (known is null || sequence > known.Through)) return true;
        }
        return false;
    }

    /// <returns>The event's number and whether it is new (false: its key was already kept).</returns>
    public (long Sequence, bool Added) Append(RealtimePublication publication, DateTimeOffset now, StoredKeys? known = null)
    {
        if (publication.Key is { } key && Known(key, known) is { } sequence)
            return (sequence, false);
        var e = new RealtimeEvent(stream, LastSequence + 1, publication.Type, publication.At ?? now,
            publication.ConversationId, publication.Data, publication.Key);
        LastSequence = e.Sequence;
        var hash = Hash(e.Key);
        _entries.Add(new Entry(e.At.UtcTicks, hash));
        if (_index is null) IndexIfLarge();
        else Index(hash, e.Sequence);
        _held.Add(e);
        Trim(now);
        return (e.Sequence, true);
    }

    /// <summary>Drops what is past the count or the age; the newest event always stays, so the window knows its end.</summary>
    public void Trim(DateTimeOffset now)
    {
        var drop = Math.Max(0, _entries.Count - kept);
        while (drop < _entries.Count - 1 && now.UtcTicks - _entries[drop].AtTicks > maxAge.Ticks) drop++;
        if (drop == 0) return;
        if (_index is not null)
        {
            var first = FirstSequence;
            for (var i = 0; i < drop; i++)
                if (_index.TryGetValue(_entries[i].KeyHash, out var sequence) && sequence == first + i)
                    _index.Remove(_entries[i].KeyHash);
        }
        _entries.RemoveRange(0, drop);
        // Shrunk well below the mark (events aged out): the scan is cheap again and the index's memory is given back.
        if (_index is not null && _entries.Count < IndexFrom / 2)
        {
            _index = null;
            _indexCollided = false;
        }
    }

    private void IndexIfLarge()
    {
        if (_entries.Count < IndexFrom) return;
        _index = new Dictionary<ulong, long>(_entries.Count * 2);
        for (var i = 0; i < _entries.Count; i++)
            Index(_entries[i].KeyHash, FirstSequence + i);
    }

    private void Index(ulong hash, long sequence)
    {
        if (hash == 0) return; // no key: never asked for
        if (_index!.TryGetValue(hash, out var earlier) && earlier >= FirstSequence) _indexCollided = true;
        _index[hash] = sequence;
    }

    /// <summary>The held, still kept events numbered after <paramref name="after"/> up to <paramref name="upTo"/>, oldest
    /// first: what a write stores and what a delivery sends (both are past the last release).</summary>
    public List<RealtimeEvent> Between(long after, long upTo)
    {
        var from = Math.Max(after, FirstSequence - 1);
        var result = new List<RealtimeEvent>();
        foreach (var e in _held)
            if (e.Sequence > from && e.Sequence <= upTo) result.Add(e);
        return result;
    }

    /// <summary>Forgets the whole events numbered up to <paramref name="through"/>: they are stored and delivered.</summary>
    public void Release(long through)
    {
        var count = 0;
        while (count < _held.Count && _held[count].Sequence <= through) count++;
        _held.RemoveRange(0, count);
        if (_held.Count == 0 && _held.Capacity > 16) _held.Capacity = 0;
    }

    /// <summary>Whether a replay from <paramref name="sequence"/> needs the stored events (the held ones do not cover it).</summary>
    public bool ReplayNeedsStore(long sequence, long upTo)
    {
        var from = Math.Max(sequence, FirstSequence - 1);
        return from < upTo && (_held.Count == 0 || _held[0].Sequence > from + 1);
    }

    /// <summary>The kept events after <paramref name="sequence"/> up to <paramref name="upTo"/>, from the held events or,
    /// when <see cref="ReplayNeedsStore"/> says so, from <paramref name="stored"/> (the store's rows of the stream).</summary>
    public RealtimeReplay After(long sequence, int limit, long upTo, IEnumerable<RealtimeEvent>? stored = null)
    {
        var oldest = _entries.Count > 0 ? FirstSequence : upTo + 1;
        // Asked from before what is kept, or from past the end (the client saw a stream this one is not): reload.
        var gap = (sequence < oldest - 1 && sequence < upTo) || sequence > upTo;
        var from = Math.Max(sequence, oldest - 1);
        var events = (stored ?? _held).Where(e => e.Sequence > from && e.Sequence <= upTo).Take(limit).ToList();
        return new RealtimeReplay(events, upTo, gap);
    }

    private long? Known(string key, StoredKeys? known)
    {
        foreach (var sequence in Candidates(Hash(key)))
        {
            if (HeldEvent(sequence) is { } held)
            {
                if (held.Key == key) return sequence;
            }
            else if (known is not null && sequence <= known.Through)
            {
                if (known.Keys.TryGetValue(key, out var stored) && stored == sequence) return sequence;
            }
            else throw new InvalidOperationException($"Stream {stream}: key of event {sequence} not read from the store.");
        }
        return null;
    }

    /// <summary>Kept numbers whose key has this hash, newest first.</summary>
    private IEnumerable<long> Candidates(ulong hash)
    {
        if (_index is not null && !_indexCollided)
        {
            if (_index.TryGetValue(hash, out var sequence)) yield return sequence;
            yield break;
        }
        for (var i = _entries.Count - 1; i >= 0; i--)
            if (_entries[i].KeyHash == hash) yield return FirstSequence + i;
    }

    private RealtimeEvent? HeldEvent(long sequence)
    {
        if (_held.Count == 0 || sequence < _held[0].Sequence) return null;
        var at = (int)(sequence - _held[0].Sequence);
        return at < _held.Count && _held[at].Sequence == sequence ? _held[at] : _held.Find(e => e.Sequence == sequence);
    }

    /// <summary>0 stands for "no key"; a key never hashes to it.</summary>
    public static ulong Hash(string? key) =>
        key is null ? 0 : Math.Max(1, XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan())));
}

/// <summary>What a store read says about keys: which of the asked keys the stream holds under which number, for every
/// number up to <see cref="Through"/> (the last number stored when it was read).</summary>
public sealed record StoredKeys(long Through, IReadOnlyDictionary<string, long> Keys)
{
    public static StoredKeys Of(StoredStream read, IEnumerable<RealtimePublication> asked)
    {
        var wanted = asked.Select(p => p.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var keys = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in read.Events)
            if (e.Key is { } key && wanted.Contains(key)) keys[key] = e.Sequence;
        return new StoredKeys(read.LastSequence, keys);
    }
}
