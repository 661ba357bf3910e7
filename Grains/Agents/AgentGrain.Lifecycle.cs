namespace Engine.Agents;

using Engine.Conversations;
using Engine.Routing;

/// <summary>The agent's timers and the plumbing its commands share.</summary>
public sealed partial class AgentGrain
{
    /// <summary>Durable backstop for the offline grace period; the grain timer is the precise one.</summary>
    private const string ReturnReminder = "offline-grace";
    private IGrainTimer? _returnTimer;
    private int _pullCursor;

    public Task ReceiveReminder(string reminderName, TickStatus status) => ReturnAssignments();

    /// <summary>
    /// Arms the grace-period return of an offline agent's work: a grain timer for the exact moment and a reminder
    /// (minimum period one minute) in case this silo dies before it fires.
    /// </summary>
    private void ArmReturn()
    {
        if (S.ReturnAssignmentsAt is not { } at)
        {
            _returnTimer?.Dispose();
            _returnTimer = null;
            return;
        }
        var due = at - clock.GetUtcNow();
        if (due < TimeSpan.FromMilliseconds(100)) due = TimeSpan.FromMilliseconds(100);
        _returnTimer?.Dispose();
        _returnTimer = this.RegisterGrainTimer(ReturnAssignments, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
        _ = this.RegisterOrUpdateReminder(ReturnReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    /// <summary>An agent still offline past its grace period gives its conversations back to their queues.</summary>
    private async Task ReturnAssignments()
    {
        if (S.ReturnAssignmentsAt is { } at && (S.Presence != Presence.Offline || clock.GetUtcNow() >= at))
        {
            if (S.Presence == Presence.Offline)
            {
                foreach (var assignment in S.Assignments.ToList())
                {
                    var outcome = await GrainFactory.GetGrain<IConversationGrain>(assignment.ConversationId).Requeue(Tenant,
                        new RequeueRequest(assignment.QueueId, "system", "agent offline past the grace period", OnlyFrom: AgentId));
                    if (outcome.Succeeded || outcome.Error?.Kind != CommandErrorKind.NotFound)
                        S.Release(assignment.ConversationId, clock.GetUtcNow());
                }
            }
            S.ReturnAssignmentsAt = null;
            await state.WriteStateAsync();
        }
        if (S.ReturnAssignmentsAt is null && await this.GetReminder(ReturnReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        ArmReturn();
        if (S.ReturnAssignmentsAt is null) _returnTimer?.Dispose();
    }

    /// <summary>
    /// On activation, checks each assignment against its conversation: one the conversation does not know (a crash
    /// came between the queue's confirmation and the conversation's record) is recorded now if nobody else took
    /// the conversation meanwhile, and dropped otherwise.
    /// </summary>
    private async Task Reconcile()
    {
        var changed = false;
        foreach (var assignment in S.Assignments.ToList())
        {
            var conversation = GrainFactory.GetGrain<IConversationGrain>(assignment.ConversationId);
            var routingInfo = await conversation.Routing(Tenant);
            if (routingInfo?.Assignee == AgentId) continue;
            var recorded = routingInfo is { Active: true, Assignee: null } && (await conversation.RecordAssignment(Tenant,
                new AssignmentRecord(AgentId, assignment.QueueId, AssignmentKind.Offer, AgentId, "accepted offer (recovered)"))).Succeeded;
            if (!recorded) changed |= S.Release(assignment.ConversationId, clock.GetUtcNow());
        }
        if (changed) await state.WriteStateAsync();
    }

    /// <summary>
    /// With room and available, the agent asks its queue partitions for work one after another (starting at a
    /// rotating one), each answering with offers in its queue order up to the room left. Asking in turn, instead
    /// of every partition pushing at once, keeps partitions from stampeding the same freed agent.
    /// </summary>
    private async Task FillRoom()
    {
        if (!S.Registered || S.Presence != Presence.Available) return;
        var partitions = new List<IQueueGrain>();
        foreach (var queue in S.Profile.Queues)
            partitions.AddRange(await Partitions(queue));
        var pulled = new List<Offer>();
        for (var i = 0; i < partitions.Count && S.Profile.Capacity.Keys.Any(S.HasRoom); i++)
        {
            var partition = partitions[(_pullCursor + i) % partitions.Count];
            foreach (var offer in await partition.Pull(S.Availability(AgentId)))
            {
                if (S.Reserve(offer, clock.GetUtcNow()) == OfferReply.Reserved) pulled.Add(offer);
                else _ = partition.Returned(offer.ConversationId, offer.OfferId, S.Availability(AgentId));
            }
        }
        _pullCursor++;
        if (pulled.Count == 0) return;
        await state.WriteStateAsync();
        foreach (var offer in pulled) Delivered(offer);
        await Tell();
        foreach (var offer in pulled.Where(o => o.AutoAccept))
            await TakeOffer(offer.OfferId, AssignmentKind.AutoAccept);
    }

    private void Delivered(Offer offer)
    {
        var now = clock.GetUtcNow();
        RoutingMetrics.OfferDelivered.Record((now - offer.EnteredQueueAt).TotalMilliseconds);
        if (_freedAt is { } freed)
        {
            RoutingMetrics.Refill.Record((now - freed).TotalMilliseconds);
            _freedAt = null;
        }
    }

    /// <summary>Offers ended by presence change or by going away: the queues give those conversations to someone else.</summary>
    private async Task GiveBack(IReadOnlyList<Offer> offers)
    {
        foreach (var offer in offers)
        {
            // Ended by the agent's presence, not by a decision about this conversation.
            OfferMetrics.Ended(Tenant, offer.QueueId, OfferMetrics.Withdrawn);
            _ = (await PartitionOf(offer)).Declined(offer.ConversationId, offer.OfferId, AgentId);
        }
    }

    private void DropStaleOffers(DateTimeOffset now)
    {
        foreach (var stale in S.Offers.Where(o => o.ExpiresAt + StaleOfferMargin < now).ToList())
            S.EndOffer(stale.OfferId);
    }

    private async Task<IReadOnlyList<IQueueGrain>> Partitions(string queueId)
    {
        var definition = await routing.Queue(Tenant, queueId);
        return Enumerable.Range(0, definition.Partitions)
            .Select(p => GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, queueId, p))).ToList();
    }

    private Task<IQueueGrain> PartitionOf(Offer offer) => Task.FromResult(
        GrainFactory.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, offer.QueueId, offer.Partition)));

    private CommandError UnknownAgent() => new(CommandErrorKind.NotFound, $"No agent {AgentId} in this tenant.", "agentId");

    private CommandError OfferGone(Guid offerId) => S.OfferEnded(offerId)
        ? new CommandError(CommandErrorKind.Conflict, $"Offer {offerId} expired, was withdrawn or was already answered.", "offerId")
        : new CommandError(CommandErrorKind.NotFound, $"Agent {AgentId} has no offer {offerId}.", "offerId");

    private AgentView View() => new(Tenant, AgentId, S.Presence, S.PresenceSince, S.Profile, S.Assignments.ToList(),
        S.Offers.ToList(), S.MissedOffers, S.IdleSince);
}
