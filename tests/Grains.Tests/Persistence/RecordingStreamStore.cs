namespace Engine.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Realtime;

/// <summary>The memory stream store, counting each stream's reads and writes; it holds no state of an earlier version.</summary>
public sealed class RecordingStreamStore : IRealtimeStreamStore
{
    private readonly InMemoryRealtimeStreamStore _inner = new(Engine.Persistence.StoredPayloads.Standalone);
    private readonly ConcurrentDictionary<string, int> _loads = new();
    private readonly ConcurrentDictionary<string, int> _appends = new();

    public int LoadsOf(string stream) => _loads.GetValueOrDefault(stream);

    public int Appends(string stream) => _appends.GetValueOrDefault(stream);

    public Task<StoredStream> Load(string stream, int kept, CancellationToken cancellationToken)
    {
        _loads.AddOrUpdate(stream, 1, (_, n) => n + 1);
        return _inner.Load(stream, kept, cancellationToken);
    }

    /// <summary>Each write's (dropAfter, dropThrough), in order.</summary>
    public ConcurrentQueue<(string Stream, long After, long Through)> Drops { get; } = new();

    public async Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough, CancellationToken cancellationToken)
    {
        await _inner.Append(stream, events, dropAfter, dropThrough, cancellationToken);
        Drops.Enqueue((stream, dropAfter, dropThrough));
        _appends.AddOrUpdate(stream, 1, (_, n) => n + 1);
    }

    public Task<bool> MayHoldLegacyStreams(CancellationToken cancellationToken) => Task.FromResult(false);
}
