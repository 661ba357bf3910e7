namespace Engine.Conversations;

using Engine.Customers;
using Engine.Hosting;
using Engine.Insight;
using Engine.Realtime;
using Engine.Routing;
using Engine.Sla;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

/// <summary>
/// Owns one conversation: loads its events on activation, decides with <see cref="ConversationDecisions"/>,
/// and answers a caller only after the new events are in the log.
/// </summary>
public sealed partial class ConversationGrain(
    IConversationStore store,
    TimeProvider clock,
    IOptions<EngineOptions> options,
    RoutingDirectory routing,
    SlaDirectory sla,
    Engine.Approval.ApprovalDirectory approval,
    RiskDirectory risk,
    GrainReferences references,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    private ConversationState _state = null!;
    private long _snapshotVersion;
    private Task _snapshotWrite = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKey();
        // A conversation its directory has just made up has nothing stored: no read (NewConversationMark).
        var read = NewConversationMark.IsFor(id) ? ConversationLogRead.Empty : await store.Load(id, cancellationToken);
        _state = ConversationState.FromLog(id, read).Lean();
        _snapshotVersion = read.Snapshot?.Version ?? 0;
        ScheduleQueueRepair();
        ScheduleDraftsReport();
        ScheduleDeliveryRepair();
        // Whatever fell due while no silo held this conversation is found now; the next deadline is armed again.
        if (_state.Started) ArmWake(await NextWake());
        else _wakeRegistrationKnown = true; // a new conversation has no reminder to look up
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _snapshotWrite;
        // Not when the silo shuts down: every active conversation would write one at once, past Orleans' deactivation
        // deadline on a busy silo (200,000 of them logged ~2,900 errors and held the shutdown), while the snapshot
        // schedule already bounds what the next activation replays to Engine:SnapshotEvery events and a half.
        if (SnapshotsOn && _state.Started && _state.Version > _snapshotVersion
            && reason.ReasonCode is not (DeactivationReasonCode.ApplicationError or DeactivationReasonCode.ShuttingDown))
            await TakeSnapshot(cancellationToken);
    }

    public async Task<ConversationIngestResult> Ingest(InboundMessage message, ThreadRoute route)
    {
        if (_state.Started && _state.Tenant != message.Tenant)
            throw new InvalidOperationException($"Conversation {_state.Id} does not belong to tenant {message.Tenant}.");

        // A redelivery of a message older than this conversation may belong to the one it continues.
        if (await FindStoredInPredecessor(message) is { } earlier)
            return new(earlier);

        var entryQueue = message.Author.Kind.SpeaksForBrand() ? null : (await routing.Settings(message.Tenant)).DefaultQueue;
        var assessment = await Score(message);
        var waitingBefore = _state.IsActive && _state.QueueId is not null && _state.Assignee is null;
        switch (ConversationDecisions.Ingest(_state, message, route, clock.GetUtcNow(), options.Value.ReopenWindow, entryQueue, assessment))
        {
            case ConversationDecisions.AlreadyStored stored:
                return new(new IngestOutcome(IngestStatus.Duplicate, _state.Id, stored.ThreadId, false, stored.Sequence));
            case ConversationDecisions.StartNewConversation:
                return new(null, NeedsNewConversation: true);
            case ConversationDecisions.Append append:
                var created = !_state.Started;
                // A raised priority must reach the queue the conversation already waits in (the SLA path replaces its ticket).
                _pendingReprioritise |= waitingBefore && append.Events.Any(e => e is PriorityChanged) && !append.Events.Any(e => e is ConversationQueued);
                await Commit(append.Events);
                if (assessment is not null) await WatchRisk(message, assessment);
                // The hand-off to the queue is not awaited: the Queued event is already stored, and a lost
                // hand-off is repaired when the conversation next activates.
                if (append.Events.Any(e => e is ConversationQueued))
                    _ = EnterQueue();
                var (threadId, sequence) = _state.TryFindMessage(message.Channel, message.PlatformMessageId, out var found)
                    ? found : throw new InvalidOperationException("Appended message not found in state.");
                return new(new IngestOutcome(IngestStatus.Accepted, _state.Id, threadId, created, sequence));
            default:
                throw new InvalidOperationException("Unknown ingest decision.");
        }
    }

    public async Task MoveThreadOut(string tenant, ChannelKind channel, string threadKey)
    {
        if (BelongsTo(tenant) && _state.Thread(channel, threadKey) is { MovedOut: false } thread)
            await Commit([new ThreadMovedOut(clock.GetUtcNow(), thread.Id)]);
    }

    public async Task<IngestOutcome?> FindStored(InboundMessage message) =>
        _state.TryFindMessage(message.Channel, message.PlatformMessageId, out var found)
            ? new IngestOutcome(IngestStatus.Duplicate, _state.Id, found.ThreadId, false, found.Sequence)
            : await FindStoredInPredecessor(message);

    private async Task<IngestOutcome?> FindStoredInPredecessor(InboundMessage message)
    {
        if (_state.LinkedFrom is not { } previous || !_state.Started || message.PlatformTimestamp > _state.CreatedAt
            || _state.TryFindMessage(message.Channel, message.PlatformMessageId, out _))
            return null;
        return await GrainFactory.GetGrain<IConversationGrain>(previous).FindStored(message);
    }

    public async Task<ConversationView?> Get(string tenant)
    {
        if (!BelongsTo(tenant)) return null;
        var full = await FullState();
        var now = clock.GetUtcNow();
        return ConversationProjection.View(full, now, ConversationProjection.Sla(full, await SlaEvaluator(), now));
    }

    public async Task<CommandOutcome> Reply(string tenant, AgentReply reply)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var need = await ApprovalNeedFor(reply.ThreadId, reply.AgentId, reply.Text);
        return await Commit(ConversationDecisions.Reply(_state, reply, need, clock.GetUtcNow()));
    }

    public async Task<CommandOutcome> AddNote(string tenant, InternalNote note)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var noteId = Guid.NewGuid();
        await Commit([new NoteAdded(clock.GetUtcNow(), noteId, note.AuthorId, note.Text)]);
        return new CommandOutcome(_state.Version, CreatedId: noteId.ToString());
    }

    public async Task<CommandOutcome> ChangeStatus(string tenant, StatusChange change)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var need = change.PublicFollowUp is { } followUp
            ? await ApprovalNeedFor(ConversationDecisions.FollowUpThread(_state), change.By, followUp) : null;
        var decision = ConversationDecisions.ChangeStatus(_state, change, need, clock.GetUtcNow());
        if (decision.Error is not null) return new CommandOutcome(_state.Version, decision.Error);
        var (waitingIn, heldBy) = (_state.QueueId, _state.Assignee);
        var outcome = await Commit(decision);
        // A snoozed conversation waits for its time, not for an agent; it goes back to its queue when it wakes.
        if (!_state.IsActive) await LeaveRouting(waitingIn, heldBy);
        else if (_state.Status == ConversationStatus.Snoozed) await LeaveRouting(waitingIn, null);
        return decision.Held ? outcome : new CommandOutcome(_state.Version);
    }

    public async Task<CommandOutcome> InvitePrivate(string tenant, PrivateInvite invite)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var need = await ApprovalNeedFor(invite.ThreadId, invite.AgentId, invite.Text);
        var outcome = await Commit(ConversationDecisions.InvitePrivate(_state, invite, need, clock.GetUtcNow()));
        // Registered before the agent hears yes, so a DM quoting it right away already finds this conversation.
        if (outcome.Succeeded && !outcome.Held && invite.CaseReference is { } reference)
            await RegisterCaseReference(reference);
        return outcome;
    }

    public async Task<CommandOutcome> RecordThreadControl(string tenant, ThreadControlChange change)
    {
        if (!BelongsTo(tenant)) return NotFound();
        if (_state.Thread(change.Channel, change.ThreadKey) is not { } thread)
            return CommandOutcome.Fail(CommandErrorKind.NotFound, "No such thread in this conversation.", "threadKey");
        // Only a record: no message is added, so brand-wait runs on as before the hand-over.
        await Commit([new ThreadControlChanged(clock.GetUtcNow(), thread.Id, change.Kind, change.AppId, change.Metadata)]);
        return new CommandOutcome(_state.Version);
    }

    private bool BelongsTo(string tenant) => _state.Started && _state.Tenant == tenant;

    private static CommandOutcome NotFound() =>
        CommandOutcome.Fail(CommandErrorKind.NotFound, "No such conversation for this tenant.", "conversationId");

    /// <summary>
    /// Folds the events into state, appends them with the new list summary in one write, and only then lets the
    /// caller go on. If the write fails the folded state is not what is stored, so this activation is dropped.
    /// </summary>
    private async Task Append(IReadOnlyList<ConversationEvent> events)
    {
        if (events.Count == 0) return;
        var wasActive = _state.Started && IsActive(_state.Status);
        var expectedVersion = _state.Version;
        var waitsBefore = _state.Started ? WaitsBefore(events) : null;
        var messages = MessageIndex.Fold(_state, events);
        try
        {
            await store.Append(_state.Id, expectedVersion, events, ConversationProjection.Summary(_state), messages, CancellationToken.None);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        RecordCommitted(events, waitsBefore);
        // One one-way call per stream: clients hear of what is stored, and the caller's ack never waits for them.
        references.Post(_state.Tenant!, ConversationBroadcast.For(_state, expectedVersion + 1, events));

        // Snapshots are written beside the ack path, so a long conversation does not slow each message.
        if (SnapshotSchedule.IsDue(_state.Id, _state.Version, _snapshotVersion, options.Value.SnapshotEvery) && _snapshotWrite.IsCompleted)
            _snapshotWrite = TakeSnapshot(CancellationToken.None);

        var customerChanged = events.Any(e => e is ConversationStarted or CustomerLinked);
        if (_state.CustomerId is { } customer && (customerChanged || wasActive != IsActive(_state.Status)))
            await GrainFactory.GetGrain<ICustomerGrain>(CustomerKeys.Customer(_state.Tenant!, customer))
                .Track(_state.Id, _state.Status, _state.UpdatedAt);
    }

    private bool SnapshotsOn => options.Value.SnapshotEvery > 0;

    /// <summary>
    /// The conversation with everything its log holds, for the readers that need more than decisions do (the view, a
    /// rescore of an old message, an outbox entry after a restart, a snapshot): the grain's own state is lean
    /// (<see cref="ConversationState.Lean"/>), so this folds the log again. The log is what this activation wrote, so the
    /// fold equals its state plus what the state left out.
    /// </summary>
    private async Task<ConversationState> FullState(CancellationToken cancellationToken = default) =>
        _state.IsComplete ? _state : ConversationState.FromLog(_state.Id, await store.Load(_state.Id, cancellationToken));

    private async Task TakeSnapshot(CancellationToken cancellationToken)
    {
        var (id, version) = (_state.Id, _state.Version);
        var inMemory = _state.IsComplete ? _state.ToSnapshot() : null;
        try
        {
            // Serialising a long conversation (and folding its log again for the texts) is CPU work in proportion to its
            // length: keep it off the grain's turn.
            var stored = await Task.Run(async () =>
            {
                var snapshot = inMemory ?? ConversationState.FromLog(id, await store.Load(id, cancellationToken)).ToSnapshot();
                await store.SaveSnapshot(id, snapshot, cancellationToken);
                return snapshot.Version;
            }, cancellationToken);
            _snapshotVersion = Math.Max(_snapshotVersion, stored);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A lost snapshot costs only a longer replay at the next activation.
            logger.LogWarning(e, "Snapshot of conversation {ConversationId} at version {Version} failed", id, version);
        }
    }

    private static bool IsActive(ConversationStatus status) =>
        status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed;
}
