namespace Engine.Conversations;

using Engine.Customers;
using Engine.Hosting;
using Microsoft.Extensions.Options;

/// <summary>
/// Owns one conversation: loads its events on activation, decides with <see cref="ConversationDecisions"/>,
/// and answers a caller only after the new events are in the log.
/// </summary>
public sealed class ConversationGrain(
    IConversationEventLog log,
    TimeProvider clock,
    IOptions<EngineOptions> options) : Grain, IConversationGrain
{
    private ConversationState _state = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _state = new ConversationState(this.GetPrimaryKey());
        foreach (var e in await log.Load(_state.Id, cancellationToken))
            _state.Apply(e);
    }

    public async Task<ConversationIngestResult> Ingest(InboundMessage message, ThreadRoute route)
    {
        if (_state.Started && _state.Tenant != message.Tenant)
            throw new InvalidOperationException($"Conversation {_state.Id} does not belong to tenant {message.Tenant}.");

        // A redelivery of a message older than this conversation may belong to the one it continues.
        if (await FindStoredInPredecessor(message) is { } earlier)
            return new(earlier);

        switch (ConversationDecisions.Ingest(_state, message, route, clock.GetUtcNow(), options.Value.ReopenWindow))
        {
            case ConversationDecisions.AlreadyStored stored:
                return new(new IngestOutcome(IngestStatus.Duplicate, _state.Id, stored.ThreadId, false, stored.Sequence));
            case ConversationDecisions.StartNewConversation:
                return new(null, NeedsNewConversation: true);
            case ConversationDecisions.Append append:
                var created = !_state.Started;
                await Commit(append.Events);
                var (threadId, sequence) = _state.TryFindMessage(message.Channel, message.PlatformMessageId, out var found)
                    ? found : throw new InvalidOperationException("Appended message not found in state.");
                return new(new IngestOutcome(IngestStatus.Accepted, _state.Id, threadId, created, sequence));
            default:
                throw new InvalidOperationException("Unknown ingest decision.");
        }
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

    public Task<ConversationView?> Get(string tenant) =>
        Task.FromResult(BelongsTo(tenant) ? ConversationProjection.View(_state, clock.GetUtcNow()) : null);

    public async Task<CommandOutcome> Reply(string tenant, AgentReply reply)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var (events, error, platformId) = ConversationDecisions.Reply(_state, reply, clock.GetUtcNow());
        if (error is not null) return new CommandOutcome(_state.Version, error);
        await Commit(events);
        return new CommandOutcome(_state.Version, CreatedId: platformId);
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
        var (events, error) = ConversationDecisions.ChangeStatus(_state, change, clock.GetUtcNow());
        if (error is not null) return new CommandOutcome(_state.Version, error);
        await Commit(events);
        return new CommandOutcome(_state.Version);
    }

    private bool BelongsTo(string tenant) => _state.Started && _state.Tenant == tenant;

    private static CommandOutcome NotFound() =>
        CommandOutcome.Fail(CommandErrorKind.NotFound, "No such conversation for this tenant.", "conversationId");

    /// <summary>Appends to the log, then folds into state, then tells the readers that depend on it.</summary>
    private async Task Commit(IReadOnlyList<ConversationEvent> events)
    {
        if (events.Count == 0) return;
        var wasActive = _state.Started && IsActive(_state.Status);
        try
        {
            await log.Append(_state.Id, _state.Version, events, CancellationToken.None);
        }
        catch (ConversationVersionConflictException)
        {
            // Another activation wrote first (a split-brain moment): this copy is stale, so drop it.
            DeactivateOnIdle();
            throw;
        }
        foreach (var e in events)
            _state.Apply(e);

        var tasks = new List<Task>(2)
        {
            GrainFactory.GetGrain<ITenantConversationsGrain>(ConversationKeys.TenantShard(_state.Tenant!, _state.Id))
                .Upsert(ConversationProjection.Summary(_state)),
        };
        var customerChanged = events.Any(e => e is ConversationStarted or CustomerLinked);
        if (_state.CustomerId is { } customer && (customerChanged || wasActive != IsActive(_state.Status)))
            tasks.Add(GrainFactory.GetGrain<ICustomerGrain>(CustomerKeys.Customer(_state.Tenant!, customer))
                .Track(_state.Id, _state.Status, _state.UpdatedAt));
        await Task.WhenAll(tasks);
    }

    private static bool IsActive(ConversationStatus status) =>
        status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed;
}
