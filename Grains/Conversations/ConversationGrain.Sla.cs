namespace Engine.Conversations;

using Engine.Feed;
using Engine.Sla;
using Engine.Telemetry;
using Microsoft.Extensions.Logging;

/// <summary>
/// The clocks of a conversation: every change is checked against its SLA policy (pure CPU, no grain hop), and one
/// durable wake-up stands at the next instant anything is due (an SLA warning or breach, a snooze ending, an
/// auto-resolve). A grain timer fires at the exact instant; a reminder is the backstop that survives the silo.
/// </summary>
public sealed partial class ConversationGrain : IRemindable
{
    private const string WakeReminder = "clock-wake";
    /// <summary>Reminders tick at most once a minute: the bound on how late a deadline fires after its silo died.</summary>
    private static readonly TimeSpan WakeReminderPeriod = TimeSpan.FromMinutes(1);
    /// <summary>Grain timers cannot wait ~49 days; a far deadline is looked at again after a day.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private IGrainTimer? _wakeTimer;
    private DateTimeOffset? _wakeWanted;
    private DateTimeOffset? _wakeRegistered;
    private bool _wakeRegistrationKnown;
    private Task _reminderSync = Task.CompletedTask;
    private bool _waking;
    /// <summary>Moves an SLA action asked for that touch other grains; done in <see cref="Wake"/>, outside the command that found them.</summary>
    private string? _pendingRequeue;
    private bool _pendingReprioritise;
    private readonly List<SupervisorsNotified> _pendingNotifications = [];

    public Task ReceiveReminder(string reminderName, TickStatus status) => Wake();

    public async Task Wake()
    {
        if (!_state.Started) return;
        _waking = true;
        try
        {
            var settings = await sla.Settings(_state.Tenant!);
            var (waitingIn, heldBy, wasSnoozed) = (_state.QueueId, _state.Assignee, _state.Status == ConversationStatus.Snoozed);
            var woken = ConversationDecisions.WakeUp(_state, settings.AutoResolveAfter, clock.GetUtcNow());
            if (woken.Count > 0)
                await Commit(woken);
            else
                await Commit([], checkOnly: true);
            // Only a wake-up that resolved it lets go of queue and agent; a resolved conversation's later ticks change nothing.
            if (woken.Count > 0 && !_state.IsActive) await LeaveRouting(waitingIn, heldBy);
            else if (wasSnoozed && _state.Status != ConversationStatus.Snoozed) await BackFromSnooze();
            await ApplyPendingSlaMoves();
        }
        finally
        {
            _waking = false;
        }
    }

    /// <summary>
    /// Checks the SLA before the events (so a deadline passed just before a reply is still seen running), appends all in
    /// one write, then re-arms the wake-up for the new state.
    /// </summary>
    private async Task Commit(IReadOnlyList<ConversationEvent> events, bool checkOnly = false)
    {
        if (events.Count == 0 && !checkOnly) return;
        events = await QueueDeliveries(events);
        var now = clock.GetUtcNow();
        var evaluator = await SlaEvaluator();
        var before = ConversationDecisions.CheckSla(_state, evaluator, now);
        await Append([.. before.Events, .. events]);
        // The first thread or a raised priority may put the conversation under a(nother) policy: look again (cached).
        var after = ConversationDecisions.CheckSla(_state, await SlaEvaluator(), now);
        await Append(after.Events);
        NoteSlaMoves(before);
        NoteSlaMoves(after);
        CountSla(before.Events.Concat(after.Events));
        ArmWake(Earliest(after.NextDue, await OtherWake()));
        if (events.Any(e => e is DeliveryQueued))
            await HandToOutbox(events.OfType<DeliveryQueued>());
        if (!_waking && (_pendingRequeue is not null || _pendingReprioritise || _pendingNotifications.Count > 0))
            this.AsReference<IConversationGrain>().Wake().Ignore();
    }

    /// <summary>
    /// The policy's "notify supervisors" reaches the tenant's supervisor feed; the event's time and the conversation
    /// make its key, so a retried publication is stored once.
    /// </summary>
    private async Task NotifySupervisors()
    {
        if (_pendingNotifications.Count == 0) return;
        var feed = GrainFactory.GetGrain<ISupervisorFeedGrain>(_state.Tenant!);
        foreach (var notification in _pendingNotifications.ToList())
        {
            await feed.Publish("sla", $"sla:{_state.Id:N}:{notification.At.UtcTicks}", _state.Id, notification.Reason);
            _pendingNotifications.Remove(notification);
        }
    }

    /// <summary>Warnings and breaches as metrics, counted once they are stored.</summary>
    private void CountSla(IEnumerable<ConversationEvent> events)
    {
        foreach (var e in events)
        {
            if (e is SlaWarned w) EngineTelemetry.RecordSla(_state.Tenant!, w.Policy, w.Target.ToString(), "warning");
            else if (e is SlaBreached b) EngineTelemetry.RecordSla(_state.Tenant!, b.Policy, b.Target.ToString(), "breach");
        }
    }

    private void NoteSlaMoves(ConversationDecisions.SlaCheck check)
    {
        _pendingRequeue = check.RequeueTo ?? _pendingRequeue;
        _pendingReprioritise |= check.Events.Any(e => e is PriorityChanged);
        _pendingNotifications.AddRange(check.Events.OfType<SupervisorsNotified>());
    }

    private async Task ApplyPendingSlaMoves()
    {
        await NotifySupervisors();
        var (requeueTo, reprioritise) = (_pendingRequeue, _pendingReprioritise);
        (_pendingRequeue, _pendingReprioritise) = (null, false);
        if (requeueTo is not null && _state.IsActive && _state.Status != ConversationStatus.Snoozed)
        {
            // "tier:N" re-queues for an agent of that tier (in the queue it waited in); anything else names a queue.
            var toTier = requeueTo.StartsWith("tier:", StringComparison.Ordinal) && int.TryParse(requeueTo.AsSpan(5), out var tier) ? tier : (int?)null;
            var target = toTier is null ? requeueTo : _state.LastQueueId ?? (await routing.Settings(_state.Tenant!)).DefaultQueue;
            var (events, error) = toTier is { } t
                ? (t > _state.Tier ? ConversationDecisions.Escalate(_state, t, target, ConversationDecisions.SlaActor, "SLA policy", clock.GetUtcNow()) : ([], null))
                : ConversationDecisions.Requeue(_state, target, ConversationDecisions.SlaActor, "SLA policy", clock.GetUtcNow());
            if (error is null && events.Count > 0)
            {
                await Route(events, null);
                return;
            }
        }
        // The queue orders by priority: the ticket is replaced so the raised priority counts, keeping its wait age.
        if (reprioritise && _state.IsActive && _state.QueueId is { } queueId && _state.Assignee is null && _state.Status != ConversationStatus.Snoozed)
        {
            await (await routing.PartitionOf(_state.Tenant!, queueId, _state.Id)).Remove(_state.Id);
            await EnterQueue();
        }
    }

    private async Task BackFromSnooze()
    {
        if (_state.Assignee is not null) return;
        if (_state.QueueId is not null)
        {
            await EnterQueue();
            return;
        }
        var queueId = _state.LastQueueId ?? (await routing.Settings(_state.Tenant!)).DefaultQueue;
        await Route(ConversationDecisions.Requeue(_state, queueId, ConversationDecisions.SlaActor, "snooze ended", clock.GetUtcNow()).Events, null);
    }

    private ValueTask<SlaEvaluator?> SlaEvaluator() => sla.EvaluatorFor(_state);

    private async Task<DateTimeOffset?> NextWake()
    {
        var check = ConversationDecisions.CheckSla(_state, await SlaEvaluator(), clock.GetUtcNow());
        // Something already due is found by a wake-up right away.
        return check.Events.Count > 0 ? clock.GetUtcNow() : Earliest(check.NextDue, await OtherWake());
    }

    private async ValueTask<DateTimeOffset?> OtherWake()
    {
        if (_state.SnoozedUntil is { } until) return until;
        if (_state.Status != ConversationStatus.Pending) return null;
        return ConversationDecisions.AutoResolveAt(_state, (await sla.Settings(_state.Tenant!)).AutoResolveAfter);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>Arms the timer for <paramref name="due"/> and brings the reminder in line; the reminder changes only when the instant does.</summary>
    private void ArmWake(DateTimeOffset? due)
    {
        _wakeWanted = due;
        if (due is { } at)
        {
            var wait = at - clock.GetUtcNow();
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestTimer ? LongestTimer : wait;
            if (_wakeTimer is null)
                _wakeTimer = this.RegisterGrainTimer(_ => Wake(), new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan));
            else
                _wakeTimer.Change(wait, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _wakeTimer?.Dispose();
            _wakeTimer = null;
        }
        if (_reminderSync.IsCompleted && (!_wakeRegistrationKnown || _wakeRegistered != _wakeWanted))
            _reminderSync = SyncReminder();
    }

    /// <summary>Registers, moves or removes the reminder until it matches the wanted instant; one at a time, so an older
    /// instant never overwrites a newer one.</summary>
    private async Task SyncReminder()
    {
        while (!_wakeRegistrationKnown || _wakeRegistered != _wakeWanted)
        {
            var wanted = _wakeWanted;
            try
            {
                if (wanted is { } at)
                {
                    var wait = at - clock.GetUtcNow();
                    await this.RegisterOrUpdateReminder(WakeReminder, wait < TimeSpan.Zero ? TimeSpan.Zero : wait, WakeReminderPeriod);
                }
                else if (await this.GetReminder(WakeReminder) is { } reminder)
                {
                    await this.UnregisterReminder(reminder);
                }
                (_wakeRegistered, _wakeRegistrationKnown) = (wanted, true);
            }
            catch (Exception e)
            {
                // The timer still fires while this activation lives; the next change tries the reminder again.
                logger.LogWarning(e, "Conversation {ConversationId} could not set its wake-up reminder", _state.Id);
                return;
            }
        }
    }
}
