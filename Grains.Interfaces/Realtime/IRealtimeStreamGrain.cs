namespace Engine.Realtime;

using Orleans.Concurrency;

/// <summary>A gateway's receiver of stream events; the gateway maps them to its SignalR connections.</summary>
[Alias("engine.IRealtimeObserver")]
public interface IRealtimeObserver : IGrainObserver
{
    [OneWay]
    Task Deliver(string streamKey, IReadOnlyList<RealtimeEvent> events);
}

/// <summary>
/// One real-time stream of one tenant (key <see cref="RealtimeStreams.Key"/>): numbers events 1, 2, 3, ... with no
/// gaps, keeps a bounded recent window durably, and fans events out to the gateways subscribed to it. An event is
/// sent to gateways, and replayed, only once it is stored, so a restart never renumbers an event a client saw.
/// </summary>
[Alias("engine.IRealtimeStreamGrain")]
public interface IRealtimeStreamGrain : IGrainWithStringKey
{
    /// <returns>Each publication's sequence number (the earlier one for a key already kept), once stored.</returns>
    Task<IReadOnlyList<long>> Publish(IReadOnlyList<RealtimePublication> publications);

    /// <summary>The same as <see cref="Publish"/> without an answer: publishers on a hot path do not wait for it.</summary>
    [OneWay]
    Task Post(IReadOnlyList<RealtimePublication> publications);

    Task<RealtimeReplay> After(long sequence, int limit);

    /// <summary>Subscribes or refreshes a gateway's observer; one not refreshed within the expiry is dropped.</summary>
    Task Subscribe(IRealtimeObserver observer);

    Task Unsubscribe(IRealtimeObserver observer);
}
