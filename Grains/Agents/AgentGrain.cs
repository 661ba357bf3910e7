namespace Engine.Agents;

using Engine.Conversations;
using Engine.Realtime;
using Engine.Routing;

/// <summary>
/// One agent: a thin shell around <see cref="AgentState"/>. It is the only writer of the agent's capacity; every
/// offer, acceptance and direct assignment is decided in this activation, one at a time, and stored before the
/// agent's queues hear of it. It calls queues and conversations, which only answer it one way, so no cycle of
/// awaited calls can form.
/// </summary>
public sealed partial class AgentGrain(
    [PersistentState("agent", EngineStorage.Name)] IPersistentState<AgentState> state,
    TimeProvider clock,
    RoutingDirectory routing) : Grain, IAgentGrain, IRemindable
{
    /// <summary>An offer the queue never timed out (its partition died) is dropped this long after its deadline.</summary>
    private static readonly TimeSpan StaleOfferMargin = TimeSpan.FromSeconds(30);

    /// <summary>When room last freed up with no offer since, for the refill-latency metric (not persisted).</summary>
    private DateTimeOffset? _freedAt;

    /// <summary>What real-time clients last heard of this agent (not persisted: a new activation starts from its state).</summary>
    private AgentHeard? _heard;
    /// <summary>Why offers that end without an assignment ended, for the next broadcast.</summary>
    private string _endReason = "withdrawn";

    private AgentState S => state.State;
    private string Tenant => this.GetPrimaryKeyString().Split('/', 2)[0];
    private string AgentId => this.GetPrimaryKeyString().Split('/', 2)[1];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Reconcile();
        if (S.Registered) _heard = AgentHeard.Of(S);
        PublishGauge();
        ArmReturn();
    }

    public Task<AgentView?> Get() => Task.FromResult(S.Registered ? View() : null);

    public Task<IReadOnlySet<string>> Groups() => Task.FromResult(S.Groups());

    public Task<IReadOnlyList<AgentActivity>> Activity() => Task.FromResult<IReadOnlyList<AgentActivity>>(S.Activity.ToList());

    public async Task<AgentView> SetProfile(AgentProfile profile)
    {
        var now = clock.GetUtcNow();
        var left = S.Profile.Queues.Except(profile.Queues).ToList();
        if (!S.Registered)
        {
            S.Registered = true;
            S.PresenceSince = S.IdleSince = now;
        }
        S.Profile = profile;
        S.Version++;
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ITenantRoutingGrain>(Tenant).AddAgent(AgentId);
        foreach (var queue in left)
            foreach (var partition in await Partitions(queue))
                _ = partition.AgentLeft(AgentId);
        await Announce();
        return View();
    }

    public async Task<CommandError?> SetPresence(Presence presence, string by)
    {
        if (!S.Registered) return UnknownAgent();
        var now = clock.GetUtcNow();
        var withdrawn = S.SetPresence(presence, now);
        _endReason = "presence";
        _freedAt = presence == Presence.Available ? now : null;
        if (presence == Presence.Offline && S.Assignments.Count > 0 && (await routing.Settings(Tenant)).OfflineGrace is { } grace)
            S.ReturnAssignmentsAt = now + grace;
        await state.WriteStateAsync();
        await GiveBack(withdrawn);
        ArmReturn();
        await Announce();
        return null;
    }

    public async Task<OfferResponse> Offer(Offer offer)
    {
        var now = clock.GetUtcNow();
        DropStaleOffers(now);
        if (S.Reserve(offer, now) == OfferReply.Refused)
            return new OfferResponse(OfferReply.Refused, S.Availability(AgentId));
        await state.WriteStateAsync();
        Delivered(offer);
        if (offer.AutoAccept)
        {
            var error = await TakeOffer(offer.OfferId, AssignmentKind.AutoAccept);
            return new OfferResponse(error is null ? OfferReply.Accepted : OfferReply.Refused, S.Availability(AgentId));
        }
        await Tell();
        return new OfferResponse(OfferReply.Reserved, S.Availability(AgentId));
    }

    public async Task<CommandError?> Accept(Guid offerId)
    {
        if (!S.Registered) return UnknownAgent();
        DropStaleOffers(clock.GetUtcNow());
        if (S.Offers.All(o => o.OfferId != offerId)) return OfferGone(offerId);
        var error = await TakeOffer(offerId, AssignmentKind.Offer);
        if (error is not null) await FillRoom();
        return error;
    }

    public async Task<CommandError?> Decline(Guid offerId, string? reason)
    {
        if (!S.Registered) return UnknownAgent();
        if (S.EndOffer(offerId) is not { } offer) return OfferGone(offerId);
        _endReason = "declined";
        OfferMetrics.Ended(Tenant, offer.QueueId, OfferMetrics.Declined);
        await state.WriteStateAsync();
        _ = (await PartitionOf(offer)).Declined(offer.ConversationId, offer.OfferId, AgentId);
        await Announce();
        return null;
    }

    public async Task Withdraw(Guid offerId, bool timedOut)
    {
        if (S.EndOffer(offerId) is null)
        {
            // A withdrawn offer can never be confirmed, so an assignment still made from it was cut short by a
            // crash between storing it and the queue's confirmation: it goes.
            if (S.Assignments.Find(a => a.OfferId == offerId) is { } orphan && S.Release(orphan.ConversationId, clock.GetUtcNow()))
            {
                await state.WriteStateAsync();
                await Announce();
            }
            return;
        }
        _endReason = timedOut ? "timeout" : "withdrawn";
        var now = clock.GetUtcNow();
        var wentAway = timedOut && S.Missed((await routing.Settings(Tenant)).MaxMissedOffers, now);
        var others = wentAway ? S.Offers.ToList() : [];
        foreach (var other in others) S.EndOffer(other.OfferId);
        await state.WriteStateAsync();
        await GiveBack(others);
        await Announce();
    }

    public async Task<CommandError?> Assign(Guid conversationId, AssignmentKind kind, string by, string? reason)
    {
        if (!S.Registered) return UnknownAgent();
        if (S.Presence == Presence.Offline)
            return new CommandError(CommandErrorKind.Conflict, $"Agent {AgentId} is offline.", "agentId");
        var conversation = GrainFactory.GetGrain<IConversationGrain>(conversationId);
        if (await conversation.Routing(Tenant) is not { } routingInfo)
            return new CommandError(CommandErrorKind.NotFound, $"No conversation {conversationId} for this tenant.", "conversationId");
        if (routingInfo.Assignee == AgentId) return null;
        if (!routingInfo.Active)
            return new CommandError(CommandErrorKind.Conflict, $"The conversation is {routingInfo.Status.ToString().ToLowerInvariant()}.", "conversationId");
        var now = clock.GetUtcNow();
        if (!S.TryAssign(new AgentAssignment(conversationId, routingInfo.QueueId, routingInfo.Kind, now)))
            return new CommandError(CommandErrorKind.Conflict,
                $"Agent {AgentId} has no free capacity for {routingInfo.Kind.ToString().ToLowerInvariant()} work.", "agentId");
        await state.WriteStateAsync();
        var outcome = await conversation.RecordAssignment(Tenant, new AssignmentRecord(AgentId, routingInfo.QueueId, kind, by, reason));
        if (!outcome.Succeeded)
        {
            S.Release(conversationId, now);
            await state.WriteStateAsync();
        }
        await Announce();
        return outcome.Error;
    }

    public async Task Release(Guid conversationId)
    {
        if (!S.Release(conversationId, clock.GetUtcNow())) return;
        _freedAt ??= clock.GetUtcNow();
        await state.WriteStateAsync();
        await Announce();
    }

    public async Task Announce()
    {
        await Tell();
        await FillRoom();
    }

    /// <summary>Tells every partition of every queue of the agent where it stands, for their choice when new work arrives.</summary>
    private async Task Tell()
    {
        if (!S.Registered) return;
        var availability = S.Availability(AgentId);
        foreach (var queue in S.Profile.Queues)
            foreach (var partition in await Partitions(queue))
                _ = partition.AgentChanged(availability);
        Broadcast();
        PublishGauge();
    }

    /// <summary>Tells real-time clients what changed since they last heard (one-way: nothing here waits for them).</summary>
    private void Broadcast()
    {
        GrainFactory.Post(Tenant, AgentBroadcast.Changes(AgentId, _heard, S, _endReason));
        _heard = AgentHeard.Of(S);
        _endReason = "withdrawn";
    }

    /// <summary>
    /// Accepting: the offer becomes an assignment (its room was already reserved) and is stored, then the queue
    /// confirms the offer is still live, then the conversation records it. Either refusal undoes the assignment.
    /// </summary>
    private async Task<CommandError?> TakeOffer(Guid offerId, AssignmentKind how)
    {
        var now = clock.GetUtcNow();
        var offer = S.Offers.Single(o => o.OfferId == offerId);
        S.AcceptOffer(offerId, now);
        await state.WriteStateAsync();
        if (!await (await PartitionOf(offer)).Confirm(offer.ConversationId, offer.OfferId, AgentId))
        {
            S.Release(offer.ConversationId, now);
            await state.WriteStateAsync();
            await Tell();
            return new CommandError(CommandErrorKind.Conflict, $"Offer {offerId} expired or was withdrawn.", "offerId");
        }
        var outcome = await GrainFactory.GetGrain<IConversationGrain>(offer.ConversationId).RecordAssignment(Tenant,
            new AssignmentRecord(AgentId, offer.QueueId, how, AgentId, how == AssignmentKind.AutoAccept ? "auto-accepted offer" : "accepted offer"));
        if (!outcome.Succeeded)
        {
            S.Release(offer.ConversationId, now);
            await state.WriteStateAsync();
        }
        else
        {
            RoutingMetrics.Assignments.Add(1);
        }
        await Tell();
        return outcome.Error;
    }
}
