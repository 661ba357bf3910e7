namespace Engine.Conversations;

using Engine.Delivery;
using Microsoft.Extensions.Logging;

/// <summary>
/// The delivery side of a conversation. An outbound message and its <see cref="DeliveryQueued"/> are stored in one
/// append, and the entry is handed to the outbox before the agent hears yes. If the silo dies between the two, the
/// agent got no answer, and the conversation hands every queued entry without an outcome over again when it next
/// activates (the outbox keeps one entry per idempotency key).
/// </summary>
public sealed partial class ConversationGrain
{
    private static readonly TimeSpan DeliveryRepairDelay = TimeSpan.FromSeconds(1);

    public async Task<CommandOutcome> RecordDelivery(string tenant, DeliveryReport report)
    {
        if (!BelongsTo(tenant)) return NotFound();
        await Commit(ConversationDecisions.RecordDelivery(_state, report));
        return new CommandOutcome(_state.Version);
    }

    /// <summary>Adds a <see cref="DeliveryQueued"/> for each outbound message whose channel has a connector.</summary>
    private async Task<IReadOnlyList<ConversationEvent>> QueueDeliveries(IReadOnlyList<ConversationEvent> events)
    {
        var channels = ConversationDecisions.OutboundChannels(_state, events);
        if (channels.Count == 0 || _state.Tenant is not { } tenant) return events;
        var settings = GrainFactory.GetGrain<ITenantDeliveryGrain>(tenant);
        var connected = new HashSet<ChannelKind>();
        foreach (var channel in channels)
            if (await settings.Get(channel) is not null) connected.Add(channel);
        return ConversationDecisions.QueueDeliveries(_state, events, connected.Contains, clock.GetUtcNow());
    }

    /// <summary>Hands the entries of the given (stored) queued events to their outbox; the agent hears yes only after.</summary>
    private async Task HandToOutbox(IEnumerable<DeliveryQueued> queued)
    {
        try
        {
            var entries = queued.ToList();
            // An outbound message keeps its text until its delivery settles; only an older repair may need the log.
            var state = entries.All(q => _state.HasTextOf(q.ThreadId, q.MessageId) || _state.Thread(q.ThreadId) is null)
                ? _state : await FullState();
            foreach (var q in entries)
                if (ConversationDecisions.OutboxEntryFor(state, q) is { } entry)
                    await GrainFactory.GetGrain<IOutboxGrain>(DeliveryKeys.Outbox(entry.Tenant, entry.Channel, entry.ConversationId))
                        .Enqueue(entry with { TraceParent = System.Diagnostics.Activity.Current?.Id });
        }
        catch
        {
            // The next activation repairs the hand-off; this one would not try again by itself.
            DeactivateOnIdle();
            throw;
        }
    }

    private void ScheduleDeliveryRepair()
    {
        if (!_state.Deliveries.Values.OfType<DeliveryQueued>().Any()) return;
        this.RegisterGrainTimer(async _ =>
        {
            try
            {
                await HandToOutbox(_state.Deliveries.Values.OfType<DeliveryQueued>().ToList());
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Conversation {ConversationId} could not hand its undelivered messages to the outbox", _state.Id);
            }
        }, new GrainTimerCreationOptions(DeliveryRepairDelay, Timeout.InfiniteTimeSpan));
    }
}
