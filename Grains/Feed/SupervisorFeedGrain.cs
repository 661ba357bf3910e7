namespace Engine.Feed;

using Engine.Realtime;
using Engine.Telemetry;

[GenerateSerializer, Alias("engine.SupervisorFeedState")]
public sealed class SupervisorFeedState
{
    [Id(0)] public long LastSequence { get; set; }
    [Id(1)] public List<FeedEvent> Events { get; set; } = [];
}

/// <summary>
/// Keeps the latest <see cref="Kept"/> events of a tenant's feed (alerts are rare next to messages, so a whole-state
/// write per event stays small); older ones are dropped, and a reader that fell further behind is told so.
/// </summary>
public sealed class SupervisorFeedGrain(
    [PersistentState("supervisor-feed", EngineStorage.Name)] IPersistentState<SupervisorFeedState> state,
    TimeProvider clock) : Grain, ISupervisorFeedGrain
{
    public const int Kept = 1_000;

    public async Task<long> Publish(string kind, string key, Guid? conversationId, string text, string? reason = null)
    {
        if (state.State.Events.Find(e => e.Key == key) is { } known) return known.Sequence;
        var e = new FeedEvent(state.State.LastSequence + 1, clock.GetUtcNow(), kind, key, conversationId, text);
        state.State.Events.Add(e);
        state.State.LastSequence = e.Sequence;
        if (state.State.Events.Count > Kept) state.State.Events.RemoveRange(0, state.State.Events.Count - Kept);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored means not published: forget it here too, so the sequence never shows a gap readers saw.
            await state.ReadStateAsync();
            throw;
        }
        // The supervisors' real-time stream carries the same alert, keyed by the feed's key so it is kept once.
        var tenant = this.GetPrimaryKeyString();
        GrainFactory.Post(tenant, [(RealtimeStreams.Supervisor, new RealtimePublication("alert", conversationId,
            RealtimePublishing.Data(new { kind, text, conversationId, feedSequence = e.Sequence }), $"feed:{key}", e.At))]);
        EngineTelemetry.AlertsPublished.Add(1, new System.Diagnostics.TagList
        {
            { "engine.tenant", this.GetPrimaryKeyString() }, { "engine.alert.kind", kind }, { "engine.alert.reason", reason ?? kind },
        });
        return e.Sequence;
    }

    public Task<FeedPage> After(long sequence, int limit)
    {
        var events = state.State.Events.Where(e => e.Sequence > sequence).Take(limit).ToList();
        var oldest = state.State.Events.Count > 0 ? state.State.Events[0].Sequence : state.State.LastSequence + 1;
        return Task.FromResult(new FeedPage(events, state.State.LastSequence, oldest));
    }
}
