namespace Engine.Realtime;

using Engine.Conversations;
using Engine.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Orleans.Concurrency;
using Orleans.Utilities;

/// <summary>How an earlier version stored a stream: its whole window as grain state. Read once, to move it to the store.</summary>
[GenerateSerializer, Alias("engine.RealtimeStreamState")]
public sealed class RealtimeStreamState
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public List<RealtimeEvent> Events { get; set; } = [];
}

/// <summary>
/// Numbers a stream's events in its turn, then stores them: reentrant, so publications that arrive while a write runs
/// share the next one (<see cref="GroupCommit"/>). A write stores only the events numbered since the last one
/// (<see cref="IRealtimeStreamStore"/>). Events go to gateways and into replays only once stored; a failed write drops
/// the activation, so the next one starts from what storage holds and reuses only numbers nobody saw.
/// The activation keeps no copy of the window (<see cref="RealtimeWindow"/>): replays read the store.
/// </summary>
[Reentrant]
public sealed class RealtimeStreamGrain(
    IRealtimeStreamStore store,
    LegacyStreamCheck legacy,
    TimeProvider clock,
    ILogger<RealtimeStreamGrain> logger) : Grain, IRealtimeStreamGrain
{
    public const int Kept = 1_000;
    /// <summary>The grain-state name an earlier version kept streams under.</summary>
    public const string LegacyStateName = "realtime-stream";
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
    /// <summary>A gateway refreshes its subscription well within this (see the Gateway's RealtimeFanout).</summary>
    public static readonly TimeSpan ObserverExpiry = TimeSpan.FromMinutes(3);

    private readonly GroupCommit _commit = new();
    private RealtimeWindow _window = null!;
    private ObserverManager<IRealtimeObserver> _observers = null!;
    private long _stored;
    private long _delivered;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        // The own stream of a conversation its directory has just made up has no rows and no old state (NewConversationMark).
        var stored = StoredStream.Empty;
        if (!NewConversationMark.IsForStream(key))
        {
            stored = await store.Load(key, Kept, cancellationToken);
            if (stored.LastSequence == 0 && await legacy.Needed())
                stored = await MoveLegacyWindow(key, cancellationToken) ?? stored;
        }
        _window = RealtimeWindow.Restore(key.Split('/', 2)[1], Kept, MaxAge, stored.LastSequence, stored.Events);
        _window.Trim(clock.GetUtcNow());
        _stored = _delivered = stored.LastSequence;
        _observers = new ObserverManager<IRealtimeObserver>(ObserverExpiry, logger);
    }

    /// <summary>A stream an earlier version kept as grain state goes on with its numbers: its window (which always held
    /// its newest event) moves to the store, then the old state is cleared; if that fails, the store answers next time.
    /// Read by hand, only while the store holds nothing of the stream, so a stream with rows never reads grain state.</summary>
    private async Task<StoredStream?> MoveLegacyWindow(string key, CancellationToken cancellationToken)
    {
        var storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(EngineStorage.Name);
        var legacy = new GrainState<RealtimeStreamState>(new RealtimeStreamState());
        await storage.ReadStateAsync(LegacyStateName, this.GetGrainId(), legacy);
        if (legacy.State is not { LastSequence: > 0, Events.Count: > 0 } old) return null;
        await store.Append(key, old.Events, 0, 0, cancellationToken);
        await storage.ClearStateAsync(LegacyStateName, this.GetGrainId(), legacy);
        return StoredStream.Of(old.Events);
    }

    public async Task<IReadOnlyList<long>> Publish(IReadOnlyList<RealtimePublication> publications)
    {
        var known = await StoredKeysFor(publications);
        var now = clock.GetUtcNow();
        var numbers = new List<long>(publications.Count);
        var added = false;
        foreach (var publication in publications)
        {
            var (sequence, isNew) = _window.Append(publication, now, known);
            numbers.Add(sequence);
            added |= isNew;
        }
        if (added || numbers.Any(n => n > _stored))
        {
            try
            {
                await _commit.Write(Store);
            }
            catch
            {
                DeactivateOnIdle();
                throw;
            }
        }
        Deliver();
        return numbers;
    }

    /// <summary>Null unless a key hashes like a stored event the window no longer holds (a repeat, or rarely another key
    /// with the same hash): then the store says which it is. Read again if events were stored meanwhile.</summary>
    private async Task<StoredKeys?> StoredKeysFor(IReadOnlyList<RealtimePublication> publications)
    {
        StoredKeys? known = null;
        while (_window.NeedsStoredKeys(publications, known))
            known = StoredKeys.Of(await store.Load(this.GetPrimaryKeyString(), Kept, CancellationToken.None), publications);
        return known;
    }

    public async Task Post(IReadOnlyList<RealtimePublication> publications)
    {
        try
        {
            await Publish(publications);
        }
        catch (Exception e)
        {
            // Nobody waits for a post; the publisher's own record (the conversation's log, the agent's state) stands.
            logger.LogWarning(e, "Stream {Stream}: {Count} event(s) not stored", this.GetPrimaryKeyString(), publications.Count);
        }
    }

    /// <summary>A replay reads the store unless the events it needs are still held (the window keeps no copies).</summary>
    public async Task<RealtimeReplay> After(long sequence, int limit)
    {
        var upTo = _stored;
        limit = Math.Clamp(limit, 1, Kept);
        if (!_window.ReplayNeedsStore(sequence, upTo)) return _window.After(sequence, limit, upTo);
        var stored = await store.Load(this.GetPrimaryKeyString(), Kept, CancellationToken.None);
        return _window.After(sequence, limit, upTo, stored.Events);
    }

    public Task Subscribe(IRealtimeObserver observer)
    {
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IRealtimeObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <summary>Writes the events numbered since the last write (writes run one at a time: <see cref="GroupCommit"/>).</summary>
    private async Task Store()
    {
        var upTo = _window.LastSequence;
        var from = _stored;
        var events = _window.Between(from, upTo);
        // Every stored write dropped through its last number less Kept, so the rows up to from - Kept are gone already,
        // also when an earlier activation wrote them: the drop starts after them.
        await store.Append(this.GetPrimaryKeyString(), events, Math.Max(0, from - Kept), upTo - Kept, CancellationToken.None);
        _stored = Math.Max(_stored, upTo);
    }

    /// <summary>Sends what is stored and not yet sent, in order, in one call per gateway.</summary>
    private void Deliver()
    {
        if (_stored <= _delivered) return;
        var batch = _window.Between(_delivered, _stored);
        _delivered = _stored;
        _window.Release(_delivered);
        if (batch.Count == 0 || _observers.Count == 0) return;
        _observers.Notify(o => o.Deliver(this.GetPrimaryKeyString(), batch));
    }
}
