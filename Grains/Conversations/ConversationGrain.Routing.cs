namespace Engine.Conversations;

using Engine.Agents;
using Engine.Routing;
using Microsoft.Extensions.Logging;

/// <summary>The routing side of a conversation: it records every move and hands itself to queues.</summary>
public sealed partial class ConversationGrain
{
    /// <summary>How long after activation a waiting conversation re-sends itself to its queue (idempotent there).</summary>
    private static readonly TimeSpan QueueRepairDelay = TimeSpan.FromSeconds(30);

    public Task<ConversationRouting?> Routing(string tenant) => Task.FromResult(BelongsTo(tenant)
        ? new ConversationRouting(_state.Status, _state.IsActive, WorkKinds.Of(_state.CurrentChannel ?? ChannelKind.X),
            _state.Assignee, _state.QueueId, _state.Tier)
        : null);

    public async Task<CommandOutcome> RecordAssignment(string tenant, AssignmentRecord assignment)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var (events, error) = ConversationDecisions.Assign(_state, assignment.AgentId, assignment.QueueId, assignment.How,
            assignment.By, assignment.Reason, clock.GetUtcNow());
        if (error is not null) return new CommandOutcome(_state.Version, error);
        var (waitingIn, previous, queuedAt) = (_state.QueueId, _state.Assignee, _state.QueuedAt);
        // Taken out of its queue first, so no offer for it can be accepted after this assignment. An accepted offer
        // already left its queue, unless the conversation moved to another queue while the offer was out.
        if (waitingIn is not null && (assignment.How is AssignmentKind.Manual or AssignmentKind.Transfer || waitingIn != assignment.QueueId))
            await (await routing.PartitionOf(_state.Tenant!, waitingIn, _state.Id)).Remove(_state.Id);
        await Commit(events);
        // Only work that waited in a queue has a time to assignment; a transfer between agents does not.
        if (waitingIn is not null && previous is null && queuedAt is { } entered)
            OfferMetrics.Assigned(_state.Tenant!, waitingIn, assignment.How.ToString().ToLowerInvariant(), clock.GetUtcNow() - entered);
        if (previous is not null && previous != assignment.AgentId)
            _ = Agent(previous).Release(_state.Id);
        return new CommandOutcome(_state.Version);
    }

    public async Task<CommandOutcome> Requeue(string tenant, RequeueRequest request)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var queueId = request.QueueId ?? _state.LastQueueId ?? (await routing.Settings(tenant)).DefaultQueue;
        var (events, error) = ConversationDecisions.Requeue(_state, queueId, request.By, request.Reason, clock.GetUtcNow(), request.OnlyFrom);
        return await Route(events, error);
    }

    public async Task<CommandOutcome> Escalate(string tenant, EscalationRequest request)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var queueId = request.QueueId ?? _state.LastQueueId ?? (await routing.Settings(tenant)).DefaultQueue;
        var (events, error) = ConversationDecisions.Escalate(_state, request.ToTier, queueId, request.By, request.Reason, clock.GetUtcNow());
        return await Route(events, error);
    }

    /// <summary>Commits a move that queues the conversation: its old queue and agent let go, the new queue takes it.</summary>
    private async Task<CommandOutcome> Route(IReadOnlyList<ConversationEvent> events, CommandError? error)
    {
        if (error is not null) return new CommandOutcome(_state.Version, error);
        if (events.Count == 0) return new CommandOutcome(_state.Version);
        var (waitingIn, previous) = (_state.QueueId, _state.Assignee);
        if (waitingIn is not null)
            await (await routing.PartitionOf(_state.Tenant!, waitingIn, _state.Id)).Remove(_state.Id);
        await Commit(events);
        if (previous is not null && previous != _state.Assignee)
            _ = Agent(previous).Release(_state.Id);
        await EnterQueue();
        return new CommandOutcome(_state.Version);
    }

    /// <summary>A resolved or closed conversation leaves its queue and frees its agent.</summary>
    private async Task LeaveRouting(string? waitingIn, string? heldBy)
    {
        if (heldBy is not null)
            _ = Agent(heldBy).Release(_state.Id);
        if (waitingIn is not null)
            await (await routing.PartitionOf(_state.Tenant!, waitingIn, _state.Id)).Remove(_state.Id);
    }

    private async Task EnterQueue()
    {
        if (!_state.IsActive || _state.Status == ConversationStatus.Snoozed || _state.QueueId is not { } queueId || _state.Assignee is not null) return;
        var ticket = new QueueTicket(_state.Id, _state.Tenant!, queueId, _state.Priority, null, _state.QueuedAt ?? _state.UpdatedAt,
            WorkKinds.Of(_state.CurrentChannel ?? ChannelKind.X),
            _state.Tier > 1 ? new Dictionary<string, int> { ["tier"] = _state.Tier } : new Dictionary<string, int>(), []);
        // An overloaded partition can let the hand-off time out; Enqueue is idempotent, so it is simply sent again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await (await routing.PartitionOf(_state.Tenant!, queueId, _state.Id)).Enqueue(ticket);
                return;
            }
            catch (Exception e) when (attempt < 3)
            {
                logger.LogInformation(e, "Conversation {ConversationId} entering queue {QueueId}: attempt {Attempt} failed", _state.Id, queueId, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Conversation {ConversationId} could not enter queue {QueueId}; it retries on its next activation", _state.Id, queueId);
                return;
            }
        }
    }

    /// <summary>
    /// If the silo died between storing a Queued event and the queue taking it, the queue never heard of it.
    /// A while after activation a still-waiting conversation hands itself over again; the queue ignores a duplicate.
    /// </summary>
    private void ScheduleQueueRepair()
    {
        if (!_state.IsActive || _state.Status == ConversationStatus.Snoozed || _state.QueueId is null || _state.Assignee is not null) return;
        this.RegisterGrainTimer(_ => EnterQueue(), new GrainTimerCreationOptions(QueueRepairDelay, Timeout.InfiniteTimeSpan));
    }

    private IAgentGrain Agent(string agentId) => GrainFactory.GetGrain<IAgentGrain>(AgentKeys.Agent(_state.Tenant!, agentId));
}
