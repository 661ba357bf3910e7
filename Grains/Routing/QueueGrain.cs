namespace Engine.Routing;

using Engine.Agents;
using Engine.Realtime;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

/// <summary>
/// One queue partition: a thin shell around <see cref="QueueBook"/> that keeps it durable, sends the offers it
/// decides, and times them out. Offers are sent without holding the partition's turn, so an agent accepting
/// (which calls back into <see cref="Confirm"/>) never waits on the partition waiting on the agent.
/// Reentrant on purpose: every handler changes the book synchronously and only then awaits the write, so requests
/// interleave only at that await and all changes made meanwhile share one write (<see cref="GroupCommit"/>).
/// Non-reentrant, each enqueue would wait for a write of its own. A write stores only the entries and agents that
/// changed (<see cref="IQueueStore"/>), so it costs the same at any queue depth.
/// </summary>
[Reentrant]
public sealed partial class QueueGrain(
    IQueueStore store,
    TimeProvider clock,
    ILogger<QueueGrain> logger) : Grain, IQueueGrain, IRemindable
{
    /// <summary>The durable backstop for offer timeouts; reminders cannot tick faster than a minute.</summary>
    private const string SweepReminder = "offer-sweep";
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);
    /// <summary>When the timer fires early (clocks disagree), look again this soon.</summary>
    private static readonly TimeSpan MinimumRearm = TimeSpan.FromMilliseconds(250);

    private QueueBook _book = null!;
    private readonly PartitionRoster _roster = new();
    private PartitionAddress _address = null!;
    private readonly GroupCommit _commit = new();
    private IGrainTimer? _expiryTimer;
    private bool _sweepRegistered;
    private static readonly TimeSpan StatsEvery = TimeSpan.FromSeconds(1);
    private DateTimeOffset _statsSentAt = DateTimeOffset.MinValue;
    private (int Waiting, int Offered)? _statsSent;
    private IGrainTimer? _statsTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _address = PartitionAddress.Parse(this.GetPrimaryKeyString());
        var definition = await GrainFactory.GetGrain<ITenantRoutingGrain>(_address.Tenant).Queue(_address.QueueId);
        var stored = await store.Load(_address, cancellationToken);
        _book = new QueueBook(_address.Tenant, _address.Partition, definition, clock) { AssignedCount = stored.Assigned };
        foreach (var e in stored.Entries)
            _book.Restore(e.Ticket, e.Offer, e.OfferedTo, e.Tried);
        _roster.Restore(stored.Agents);
        _sweepRegistered = await this.GetReminder(SweepReminder) is not null;
        // After a restart the partition knows its agents by name only; each tells it where it stands again.
        foreach (var agent in _roster.Agents)
            _ = GrainFactory.GetGrain<IAgentGrain>(AgentKeys.Agent(_address.Tenant, agent)).Announce();
        Execute(_book.ExpireOffers());
        StartGauges();
    }

    public async Task Enqueue(QueueTicket ticket)
    {
        if (_book.Holds(ticket.ConversationId)) return;
        var commands = _book.Enqueue(ticket);
        await Persist();
        Execute(commands);
    }

    public async Task<bool> Remove(Guid conversationId)
    {
        if (!_book.Holds(conversationId)) return false;
        var commands = _book.Remove(conversationId);
        await Persist();
        Execute(commands);
        return true;
    }

    public async Task<bool> Confirm(Guid conversationId, Guid offerId, string agentId)
    {
        if (!_book.Confirm(conversationId, offerId, agentId)) return false;
        RoutingMetrics.HandOvers.Add(1);
        OfferMetrics.Ended(_address.Tenant, _address.QueueId, OfferMetrics.Accepted);
        // The hand-over is durable before the agent hears yes: a restarted partition must not offer it again.
        await Persist();
        return true;
    }

    public async Task Declined(Guid conversationId, Guid offerId, string agentId)
    {
        var commands = _book.Declined(conversationId, offerId, agentId);
        await Persist();
        Execute(commands);
    }

    public Task AgentChanged(AgentAvailability availability)
    {
        if (_roster.Add(availability.AgentId)) _ = Persist();
        _book.AgentChanged(availability);
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<Offer>> Pull(AgentAvailability availability)
    {
        _roster.Add(availability.AgentId);
        var offers = _book.Pull(availability);
        if (offers.Count == 0) return [];
        // Stored before the agent holds them, so a restarted partition still times them out.
        await Persist();
        ArmExpiry();
        return offers.Select(o => o.Offer).ToList();
    }

    public Task Returned(Guid conversationId, Guid offerId, AgentAvailability availability) =>
        PersistThenExecute(_book.Refused(conversationId, offerId, availability, availability.AgentId));

    public Task AgentLeft(string agentId)
    {
        _book.AgentLeft(agentId);
        if (_roster.Remove(agentId)) _ = Persist();
        return Task.CompletedTask;
    }

    public Task Reconfigure(QueueDefinition definition)
    {
        _book.Definition = definition;
        return Task.CompletedTask;
    }

    public Task<QueueStats> Stats() => Task.FromResult(_book.Stats());

    public Task<QueuePosition?> Position(Guid conversationId) => Task.FromResult(_book.Position(conversationId) is { } p
        ? new QueuePosition(_book.Definition.QueueId, p.Position, p.Offered, p.Waited, p.Estimate)
        : null);

    public Task<IReadOnlyList<Guid>> Held() =>
        Task.FromResult<IReadOnlyList<Guid>>(_book.Entries.Select(e => e.Ticket.ConversationId).ToList());

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Execute(_book.ExpireOffers());
        return Task.CompletedTask;
    }

    private async Task PersistThenExecute(IReadOnlyList<QueueCommand> commands)
    {
        try
        {
            await Persist();
        }
        catch (Exception e)
        {
            // The book is ahead of storage now; start again from what is stored rather than offer from a state that
            // was never written.
            logger.LogError(e, "Queue partition {Partition} could not store its state; reactivating", this.GetPrimaryKeyString());
            DeactivateOnIdle();
            return;
        }
        Execute(commands);
    }

    /// <summary>Sends offers and withdrawals, then re-arms the timeout timer for the earliest offer still out.</summary>
    private void Execute(IReadOnlyList<QueueCommand> commands)
    {
        // Withdrawals are the offers this partition ended: timed out, or taken back when the conversation left.
        OfferMetrics.Ended(_address.Tenant, _address.QueueId, OfferMetrics.TimedOut, commands.Count(c => c is WithdrawOffer { TimedOut: true }));
        OfferMetrics.Ended(_address.Tenant, _address.QueueId, OfferMetrics.Withdrawn, commands.Count(c => c is WithdrawOffer { TimedOut: false }));
        foreach (var command in commands)
        {
            switch (command)
            {
                case SendOffer send:
                    _ = Deliver(send);
                    break;
                case WithdrawOffer withdraw:
                    _ = Agent(withdraw.AgentId).Withdraw(withdraw.OfferId, withdraw.TimedOut);
                    break;
            }
        }
        if (commands.Any(c => c is WithdrawOffer { TimedOut: true })) _ = Persist();
        ArmExpiry();
    }

    private async Task Deliver(SendOffer send)
    {
        OfferResponse response;
        try
        {
            response = await Agent(send.AgentId).Offer(send.Offer);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Offer {OfferId} to agent {AgentId} failed; trying another agent", send.Offer.OfferId, send.AgentId);
            response = new OfferResponse(OfferReply.Refused, null);
        }
        if (response.Reply == OfferReply.Refused)
            await PersistThenExecute(_book.Refused(send.Offer.ConversationId, send.Offer.OfferId, response.Availability, send.AgentId));
    }

    private void ArmExpiry()
    {
        var next = _book.NextExpiry;
        if (next is null)
        {
            _expiryTimer?.Dispose();
            _expiryTimer = null;
            return;
        }
        var due = next.Value - clock.GetUtcNow();
        if (due < MinimumRearm) due = MinimumRearm;
        if (_expiryTimer is null)
            _expiryTimer = this.RegisterGrainTimer(OnExpiryTimer, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
        else
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        if (!_sweepRegistered)
        {
            _sweepRegistered = true;
            _ = this.RegisterOrUpdateReminder(SweepReminder, SweepPeriod, SweepPeriod);
        }
    }

    private Task OnExpiryTimer(CancellationToken cancellationToken)
    {
        Execute(_book.ExpireOffers());
        return Task.CompletedTask;
    }

    /// <summary>Stores what changed since the last write; writes asked for while one is running share the next one.</summary>
    private Task Persist() => _commit.Write(async () =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Taken synchronously at the start of the write: changes made while it runs belong to the next one.
        var (upserted, removed) = _book.TakeChanges();
        var (added, left) = _roster.TakeChanges();
        var changes = new PartitionChanges(upserted, removed, added, left, _book.AssignedCount);
        try
        {
            if (_book.Count == 0 && _sweepRegistered && await this.GetReminder(SweepReminder) is { } reminder)
            {
                _sweepRegistered = false;
                await this.UnregisterReminder(reminder);
            }
            await store.Write(_address, changes, CancellationToken.None);
        }
        catch
        {
            _book.MarkChanged(upserted.Select(e => e.Ticket.ConversationId).Concat(removed));
            _roster.MarkChanged(added.Concat(left));
            throw;
        }
        PublishStats();
        RoutingMetrics.PartitionWrite.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    });

    /// <summary>Supervisors hear the partition's depth after a change, at most once per <see cref="StatsEvery"/>.</summary>
    private void PublishStats()
    {
        if (_statsTimer is not null) return;
        var wait = _statsSentAt + StatsEvery - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            SendStats();
            return;
        }
        _statsTimer = this.RegisterGrainTimer(_ =>
        {
            _statsTimer?.Dispose();
            _statsTimer = null;
            SendStats();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(wait, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private void SendStats()
    {
        var stats = _book.Stats();
        if (_statsSent == (stats.Waiting, stats.Offered)) return;
        _statsSent = (stats.Waiting, stats.Offered);
        _statsSentAt = clock.GetUtcNow();
        var partition = int.Parse(this.GetPrimaryKeyString().Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        GrainFactory.Post(_book.Tenant, [(RealtimeStreams.Supervisor, new RealtimePublication("queue.stats", null, RealtimePublishing.Data(new
        {
            queueId = stats.QueueId, partition, partitions = _book.Definition.Partitions, depth = stats.Waiting + stats.Offered,
            waiting = stats.Waiting, offered = stats.Offered, longestWaitSeconds = Math.Round(stats.LongestWait.TotalSeconds, 1),
            agentsReady = stats.AgentsReady,
        })))]);
    }

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(AgentKeys.Agent(_book.Tenant, agentId));
}
