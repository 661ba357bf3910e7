namespace Engine.Gateway.Realtime;

using System.Threading.Channels;
using Engine.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

/// <summary>
/// This gateway's one observer of the stream grains: subscribes to each stream while a connection here follows it,
/// renews those subscriptions, and passes every event it receives to the SignalR group of that stream. So an event
/// reaches whichever gateway holds the connection, and each gateway receives it once however many clients follow it.
/// </summary>
public sealed class RealtimeFanout(
    IGrainFactory grains,
    IHubContext<EventsHub> hub,
    IOptions<RealtimeOptions> options,
    ILogger<RealtimeFanout> logger) : BackgroundService, IRealtimeObserver
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Followers, Task Subscribed)> _streams = new(StringComparer.Ordinal);
    private readonly Channel<(string Key, IReadOnlyList<RealtimeEvent> Events)> _outbox =
        Channel.CreateUnbounded<(string, IReadOnlyList<RealtimeEvent>)>(new UnboundedChannelOptions { SingleReader = true });
    private IRealtimeObserver? _reference;

    /// <summary>A connection starts following a stream; completes once this gateway is subscribed to it.</summary>
    public Task Join(string key)
    {
        lock (_lock)
        {
            if (_streams.TryGetValue(key, out var known) && !known.Subscribed.IsFaulted)
            {
                _streams[key] = (known.Followers + 1, known.Subscribed);
                return known.Subscribed;
            }
            var subscribed = Stream(key).Subscribe(Reference());
            _streams[key] = (known.Followers + 1, subscribed);
            return subscribed;
        }
    }

    public void Leave(string key)
    {
        lock (_lock)
        {
            if (!_streams.TryGetValue(key, out var known)) return;
            if (known.Followers > 1)
            {
                _streams[key] = (known.Followers - 1, known.Subscribed);
                return;
            }
            _streams.Remove(key);
        }
        Stream(key).Unsubscribe(Reference()).ContinueWith(t => logger.LogDebug(t.Exception, "Unsubscribing {Stream} failed", key),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    public Task Deliver(string streamKey, IReadOnlyList<RealtimeEvent> events)
    {
        _outbox.Writer.TryWrite((streamKey, events));
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sending = Send(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await Refresh();
        }
        catch (OperationCanceledException) { }
        _outbox.Writer.TryComplete();
        await sending;
    }

    /// <summary>Renews every followed stream; a stream grain that was reactivated elsewhere learns of this gateway again.</summary>
    private async Task Refresh()
    {
        string[] keys;
        lock (_lock) keys = [.. _streams.Keys];
        foreach (var key in keys)
        {
            try { await Stream(key).Subscribe(Reference()); }
            catch (Exception e) { logger.LogWarning(e, "Renewing the subscription to {Stream} failed; retrying next round", key); }
        }
    }

    /// <summary>One reader, so batches go out in the order their deliveries ran here. Orleans may run a grain's calls to
    /// this observer out of order (seen: 1, 3, 4, 5, 2); clients follow the numbers and catch up over a hole.</summary>
    private async Task Send(CancellationToken stoppingToken)
    {
        await foreach (var (key, events) in _outbox.Reader.ReadAllAsync(CancellationToken.None))
        {
            foreach (var e in events)
            {
                try { await hub.Clients.Group(key).SendAsync("event", RealtimeEventMessage.From(e), stoppingToken); }
                catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Sending {Stream} #{Sequence} failed", key, e.Sequence); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private IRealtimeStreamGrain Stream(string key) => grains.GetGrain<IRealtimeStreamGrain>(key);

    private IRealtimeObserver Reference() =>
        LazyInitializer.EnsureInitialized(ref _reference, () => grains.CreateObjectReference<IRealtimeObserver>(this));
}
