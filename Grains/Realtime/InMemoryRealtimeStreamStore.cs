namespace Engine.Realtime;

using System.Collections.Concurrent;
using Engine.Persistence;

/// <summary>
/// Streams held in memory: lost on restart; share one instance between silos to stand for a database. Each event is
/// kept as the bytes a row would hold (<see cref="StoredPayloads"/>), about half of its objects' size (its data is
/// JSON text), as the memory conversation store keeps its events.
/// </summary>
public sealed class InMemoryRealtimeStreamStore(StoredPayloads payloads) : IRealtimeStreamStore
{
    private readonly ConcurrentDictionary<string, SortedList<long, byte[]>> _streams = new(StringComparer.Ordinal);

    public Task<StoredStream> Load(string stream, int kept, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(stream, out var held)) return Task.FromResult(StoredStream.Empty);
        lock (held)
            return Task.FromResult(StoredStream.Of(held.Values.Skip(Math.Max(0, held.Count - kept)).Select(payloads.State<RealtimeEvent>).ToList()));
    }

    public Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough, CancellationToken cancellationToken)
    {
        var held = _streams.GetOrAdd(stream, _ => []);
        lock (held)
        {
            if (events.FirstOrDefault(e => held.ContainsKey(e.Sequence)) is { } taken)
                throw new RealtimeSequenceConflictException(stream, taken.Sequence);
            foreach (var e in events) held.Add(e.Sequence, payloads.State(e));
            // Held in order: dropping from the start costs only what is dropped, so dropAfter is not needed here.
            while (held.Count > 0 && held.Keys[0] <= dropThrough) held.RemoveAt(0);
        }
        return Task.CompletedTask;
    }
}
