namespace Engine.Delivery;

using Engine.Conversations;
using Engine.Hosting;
using Engine.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

/// <summary>
/// One outbox partition: a thin shell around <see cref="OutboxBook"/> that keeps it durable and runs the sends.
/// Sends and reports to conversations run off the grain's turn and come back as calls to this grain, so a slow
/// endpoint never holds up an enqueue, and the outbox never waits on a conversation that may be waiting on it.
/// A grain timer fires when the next entry falls due; a reminder, registered before the first entry is
/// acknowledged, brings the partition back after its silo died.
/// Reentrant on purpose, like a queue partition: every handler changes the book synchronously and only then awaits
/// the write, and writes made meanwhile share one (<see cref="GroupCommit"/>); one write per change cost the outbox
/// most of its throughput.
/// </summary>
[Reentrant]
public sealed class OutboxGrain(
    [PersistentState("outbox", EngineStorage.Name)] IPersistentState<OutboxState> state,
    DeliverySender sender,
    TimeProvider clock,
    IOptions<DeliveryOptions> options,
    ILogger<OutboxGrain> logger) : Grain, IOutboxGrain, IRemindable
{
    private const string SweepReminder = "outbox-sweep";
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    private OutboxBook _book = null!;
    private string _tenant = "";
    private ChannelKind _channel;
    private readonly GroupCommit _commit = new();
    private IGrainTimer? _passTimer;
    private bool _sweepRegistered;
    private Task _sweepSync = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var parts = this.GetPrimaryKeyString().Split('/');
        (_tenant, _channel) = (parts[0], Enum.Parse<ChannelKind>(parts[1], ignoreCase: true));
        _book = new OutboxBook(options.Value);
        foreach (var item in state.State.Items)
            _book.Restore(item);
        DeliveryMetrics.Depth(_tenant, _channel, _book.Count);
        _sweepRegistered = await this.GetReminder(SweepReminder) is not null;
        ArmPass();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        DeliveryMetrics.Depth(_tenant, _channel, -_book.Count);
        return Task.CompletedTask;
    }

    public async Task Enqueue(OutboxEntry entry)
    {
        // A partition holds one tenant's entries of one channel kind, nothing else.
        if (entry.Tenant != _tenant || entry.Channel != _channel)
            throw new ArgumentException($"Outbox {this.GetPrimaryKeyString()} does not take entries of {entry.Tenant}/{entry.Channel}.", nameof(entry));
        var added = _book.Add(entry, clock.GetUtcNow());
        if (added)
        {
            DeliveryMetrics.Depth(_tenant, _channel, 1);
            DeliveryMetrics.Queued(_tenant, _channel);
        }
        // A repeat waits for a write too: the first enqueue's write may still be running.
        await Persist();
        await SyncSweep();
        if (added) ArmPass();
    }

    public async Task Attempted(string idempotencyKey, DeliveryAttempt attempt)
    {
        DeliveryMetrics.Attempt(_tenant, _channel, attempt.Kind);
        if (_book.Attempted(idempotencyKey, attempt, clock.GetUtcNow()) is not { } item) return;
        await Persist();
        if (item.Outcome is { } outcome)
        {
            DeliveryMetrics.Settled(_tenant, _channel, outcome.Outcome, clock.GetUtcNow() - item.Entry.QueuedAt);
            if (outcome.Outcome == DeliveryOutcome.Failed)
                logger.LogWarning("Delivery of {MessageId} in conversation {ConversationId} failed: {Reason}",
                    item.Entry.MessageId, item.Entry.ConversationId, outcome.Reason);
        }
        else
        {
            logger.LogInformation("Delivery of {MessageId} failed (attempt {Attempts}), retrying at {Next}: {Reason}",
                item.Entry.MessageId, item.Attempts, item.NextAttemptAt, item.LastError);
        }
        Pass();
    }

    public async Task Reported(string idempotencyKey)
    {
        if (!_book.Remove(idempotencyKey)) return;
        DeliveryMetrics.Depth(_tenant, _channel, -1);
        ArmPass();
        await Persist();
        try
        {
            await SyncSweep();
        }
        catch (Exception e)
        {
            // An idle partition woken by a leftover reminder finds nothing to do; the next change tries again.
            logger.LogInformation(e, "Outbox {Outbox} could not drop its sweep reminder", this.GetPrimaryKeyString());
        }
    }

    public Task<int> Depth() => Task.FromResult(_book.Count);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Pass();
        return Task.CompletedTask;
    }

    /// <summary>Starts the sends that are due and the reports that are owed, then arms the timer for what comes next.</summary>
    private void Pass()
    {
        var now = clock.GetUtcNow();
        var self = this.AsReference<IOutboxGrain>();
        var due = _book.TakeDue(now, options.Value.MaxInFlight - _book.InFlight(now));
        if (due.Count > 0)
        {
            var settings = GrainFactory.GetGrain<ITenantDeliveryGrain>(_tenant);
            foreach (var entry in due)
                _ = Task.Run(() => Send(self, settings, entry));
        }
        // Grain references are made here: off the turn the grain's own services are out of reach.
        foreach (var item in _book.TakeUnreported(now))
        {
            var conversation = GrainFactory.GetGrain<IConversationGrain>(item.Entry.ConversationId);
            _ = Task.Run(() => Report(self, conversation, item.Entry, item.Outcome!));
        }
        ArmPass();
    }

    private async Task Send(IOutboxGrain self, ITenantDeliveryGrain settings, OutboxEntry entry)
    {
        // A child of the reply's own trace, so one trace runs from the agent's request out to the connector's POST.
        using var activity = Engine.Telemetry.EngineTelemetry.Source.StartActivity("engine.deliver", System.Diagnostics.ActivityKind.Internal, entry.TraceParent);
        activity?.SetTag("engine.tenant", entry.Tenant);
        activity?.SetTag("engine.conversation.id", entry.ConversationId.ToString());
        activity?.SetTag("engine.channel", entry.Channel.ToString().ToLowerInvariant());
        try
        {
            // Read at send time, so a corrected endpoint is used by the next retry.
            var attempt = await settings.Get(entry.Channel) is { } current
                ? await sender.Send(current, entry, CancellationToken.None)
                : new DeliveryAttempt(DeliveryAttemptKind.Permanent, $"no delivery endpoint is configured for {entry.Channel}");
            await self.Attempted(entry.IdempotencyKey, attempt);
        }
        catch (Exception e)
        {
            // The entry stays on its way until OutboxBook.BusyLimit, then it is sent again (same idempotency key).
            logger.LogWarning(e, "Delivery of {MessageId} could not be completed", entry.MessageId);
        }
    }

    private async Task Report(IOutboxGrain self, IConversationGrain conversation, OutboxEntry entry, DeliveryReport outcome)
    {
        try
        {
            await conversation.RecordDelivery(entry.Tenant, outcome);
            await self.Reported(entry.IdempotencyKey);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Delivery outcome of {MessageId} could not be recorded in conversation {ConversationId}", entry.MessageId, entry.ConversationId);
        }
    }

    private void ArmPass()
    {
        if (_book.NextWake(clock.GetUtcNow()) is not { } at)
        {
            _passTimer?.Dispose();
            _passTimer = null;
            return;
        }
        var wait = at - clock.GetUtcNow();
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > SweepPeriod ? SweepPeriod : wait;
        if (_passTimer is null)
            _passTimer = this.RegisterGrainTimer(_ => { Pass(); return Task.CompletedTask; },
                new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        else
            _passTimer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Brings the reminder in line with the book (registered while it holds entries); one change at a time,
    /// each looking at the book again, so an enqueue racing the last removal still ends with a reminder.</summary>
    private Task SyncSweep()
    {
        if ((_book.Count > 0) == _sweepRegistered && _sweepSync.IsCompleted) return Task.CompletedTask;
        if (_sweepSync.IsCompleted) _sweepSync = RunSweepSync();
        return _sweepSync;
    }

    private async Task RunSweepSync()
    {
        while ((_book.Count > 0) != _sweepRegistered)
        {
            if (_book.Count > 0)
            {
                await this.RegisterOrUpdateReminder(SweepReminder, SweepPeriod, SweepPeriod);
                _sweepRegistered = true;
            }
            else
            {
                if (await this.GetReminder(SweepReminder) is { } reminder)
                    await this.UnregisterReminder(reminder);
                _sweepRegistered = false;
            }
        }
    }

    private Task Persist() => _commit.Write(async () =>
    {
        state.State.Items = _book.Items.ToList();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The book now differs from what is stored: a fresh activation reads the stored one.
            DeactivateOnIdle();
            throw;
        }
    });
}
