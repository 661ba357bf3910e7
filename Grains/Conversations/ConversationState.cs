namespace Engine.Conversations;

/// <summary>A conversation as the fold of its events. Only <see cref="Apply"/> changes it.</summary>
public sealed partial class ConversationState
{
    /// <summary>Messages by their own id string (no composed key string per message: it would stay in memory); built only
    /// once a conversation has more than <see cref="IndexFrom"/> messages: below, a scan is as quick and the index
    /// (~0.8 KB for ten messages) was a tenth of a short conversation's memory.</summary>
    private Dictionary<(ChannelKind Channel, string PlatformMessageId), (int ThreadId, long Sequence)>? _messageKeys;
    private const int IndexFrom = 16;
    private int _messageCount;
    /// <summary>Made on the first agent reply that carries one (an empty dictionary is ~80 B).</summary>
    private Dictionary<string, string>? _clientMessageIds;
    /// <summary>Where the newest scored message sits (thread and message index; messages are only ever appended), so the
    /// list row each append writes does not scan the whole conversation. Its risk is read there, as it stands now.</summary>
    private (int Thread, int Message) _latestRisk = (-1, -1);

    public Guid Id { get; }
    public string? Tenant { get; private set; }
    public Guid? CustomerId { get; private set; }
    public Guid? LinkedFrom { get; private set; }
    public ConversationStatus Status { get; private set; } = ConversationStatus.Open;
    public Priority Priority { get; private set; } = Priority.Normal;
    public string? Assignee { get; private set; }
    /// <summary>The queue the conversation waits in; null while assigned or not active.</summary>
    public string? QueueId { get; private set; }
    public DateTimeOffset? QueuedAt { get; private set; }
    /// <summary>The queue it last waited in, where a returned conversation goes back to.</summary>
    public string? LastQueueId { get; private set; }
    /// <summary>The agent tier it needs; 1 is first line, escalation raises it.</summary>
    public int Tier { get; private set; } = 1;
    /// <summary>Every queueing, assignment, unassignment and escalation, in order.</summary>
    public List<ConversationEvent> RoutingHistory { get; } = [];
    /// <summary>SLA warnings and breaches, and what they did (priority, supervisors), in order.</summary>
    public List<ConversationEvent> SlaHistory { get; } = [];
    public SortedSet<string> Labels { get; } = new(StringComparer.Ordinal);
    /// <summary>Invitations to continue privately; each hands off its public thread.</summary>
    public List<PrivateInviteSent> PrivateInvites { get; } = [];
    /// <summary>The latest delivery event of each outbound message, by message id.</summary>
    public IReadOnlyDictionary<string, ConversationEvent> Deliveries => _deliveries ?? NoDeliveries;
    /// <summary>Made on the first delivery (an empty dictionary is ~80 B, and most conversations' replies are not delivered by the engine).</summary>
    private Dictionary<string, ConversationEvent>? _deliveries;
    private static readonly IReadOnlyDictionary<string, ConversationEvent> NoDeliveries = new Dictionary<string, ConversationEvent>();
    /// <summary>When a snoozed conversation wakes; null when not snoozed or snoozed without a time.</summary>
    public DateTimeOffset? SnoozedUntil => Status == ConversationStatus.Snoozed ? StatusHistory.LastOrDefault()?.Until : null;
    /// <summary>Since when the conversation waits on the customer; null unless pending.</summary>
    public DateTimeOffset? PendingSince => Status == ConversationStatus.Pending ? StatusHistory.LastOrDefault()?.At : null;
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    /// <summary>Platform time of the newest message; a late-arriving older message does not move the status.</summary>
    public DateTimeOffset? NewestMessageAt { get; private set; }
    public long Version { get; private set; }
    public List<ThreadState> Threads { get; } = [];
    public List<NoteAdded> Notes { get; } = [];
    public List<StatusChanged> StatusHistory { get; } = [];
    public int MessageCount => _messageCount;
    /// <summary>Set when a listening feed's post opened the conversation (proactive): the rules the post matched.</summary>
    public IReadOnlyList<string>? ListeningRules { get; private set; }
    public MessageAdded? LastMessage { get; private set; }

    public ConversationState(Guid id) => Id = id;

    /// <summary>The fold as stored; a lean state that dropped something (not <see cref="IsComplete"/>) has none.</summary>
    public ConversationSnapshot ToSnapshot() => !IsComplete
        ? throw new InvalidOperationException($"Conversation {Id} is lean; snapshot a full fold of its log.")
        : new(Version, Tenant!, CustomerId, LinkedFrom, Status, Priority, Assignee,
        CreatedAt, UpdatedAt, ResolvedAt,
        Threads.Select(t => new ThreadSnapshot(t.Id, t.Channel, t.Visibility, t.ThreadKey, t.OpenedAt,
            t.Messages.Select(m => m.Message).ToList(), t.Messages.Select(m => m.Sequence).ToList(), t.MovedOut)).ToList(),
        Notes.ToList(), StatusHistory.ToList(), QueueId, QueuedAt, LastQueueId, Tier, RoutingHistory.ToList(),
        SlaHistory.ToList(), Labels.ToList(), PrivateInvites.ToList(), ApprovalHistory(), Deliveries.Values.ToList(), ListeningRules);

    /// <summary>The state a log read describes: its snapshot (if any) with the later events folded in.</summary>
    public static ConversationState FromLog(Guid id, ConversationLogRead read)
    {
        var state = read.Snapshot is { } snapshot ? FromSnapshot(id, snapshot) : new ConversationState(id);
        foreach (var e in read.Events)
            state.Apply(e);
        return state;
    }

    public static ConversationState FromSnapshot(Guid id, ConversationSnapshot snapshot)
    {
        var state = new ConversationState(id)
        {
            Tenant = snapshot.Tenant, CustomerId = snapshot.CustomerId, LinkedFrom = snapshot.LinkedFrom,
            Status = snapshot.Status, Priority = snapshot.Priority, Assignee = snapshot.Assignee,
            CreatedAt = snapshot.CreatedAt, UpdatedAt = snapshot.UpdatedAt, ResolvedAt = snapshot.ResolvedAt,
            Version = snapshot.Version,
            QueueId = snapshot.QueueId, QueuedAt = snapshot.QueuedAt, LastQueueId = snapshot.LastQueueId,
            Tier = snapshot.Tier is > 0 ? snapshot.Tier : 1,
            ListeningRules = snapshot.ListeningRules,
        };
        state.RoutingHistory.AddRange(snapshot.RoutingHistory ?? []);
        state.SlaHistory.AddRange(snapshot.SlaHistory ?? []);
        state.Labels.UnionWith(snapshot.Labels ?? []);
        state.PrivateInvites.AddRange(snapshot.PrivateInvites ?? []);
        foreach (var e in snapshot.ApprovalHistory ?? [])
            state.FoldApproval(e);
        foreach (var delivery in snapshot.Deliveries ?? [])
            if (ConversationDecisions.DeliveredMessageId(delivery) is { } messageId) state.Deliver(messageId, delivery);
        state.Notes.AddRange(snapshot.Notes);
        state.StatusHistory.AddRange(snapshot.StatusHistory);
        foreach (var t in snapshot.Threads)
        {
            var thread = new ThreadState(t.Id, t.Channel, t.Visibility, t.ThreadKey, t.OpenedAt) { MovedOut = t.MovedOut };
            state.Threads.Add(thread);
            for (var i = 0; i < t.Messages.Count; i++)
                state.Remember(thread, WithKnownIds(state.WithKnownAuthor(t.Messages[i]), thread), t.Sequences[i]);
        }
        state.LastMessage = state.Threads.SelectMany(t => t.Messages).MaxBy(m => m.Sequence)?.Message;
        return state;
    }

    private void Deliver(string messageId, ConversationEvent e) => (_deliveries ??= new(StringComparer.Ordinal))[messageId] = e;

    public bool Started => Tenant is not null;

    public bool IsActive => Started && Status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed;

    /// <summary>The channel of the newest message decides what kind of work the conversation is for an agent.</summary>
    public ChannelKind? CurrentChannel => LastMessage is { } last ? Thread(last.ThreadId)?.Channel : Threads.FirstOrDefault()?.Channel;

    public bool TryFindMessage(ChannelKind channel, string platformMessageId, out (int ThreadId, long Sequence) found)
    {
        if (_messageKeys is not null) return _messageKeys.TryGetValue((channel, platformMessageId), out found);
        for (var t = Threads.Count - 1; t >= 0; t--)
        {
            if (Threads[t].Channel != channel) continue;
            var messages = Threads[t].Messages;
            for (var i = messages.Count - 1; i >= 0; i--)
                if (messages[i].Message.PlatformMessageId == platformMessageId)
                {
                    found = (Threads[t].Id, messages[i].Sequence);
                    return true;
                }
        }
        found = default;
        return false;
    }

    public string? PlatformIdForClientMessage(string clientMessageId) =>
        _clientMessageIds?.GetValueOrDefault(clientMessageId);

    public ThreadState? Thread(int threadId) => Threads.Find(t => t.Id == threadId);

    public ThreadState? Thread(ChannelKind channel, string threadKey) =>
        Threads.Find(t => t.Channel == channel && t.ThreadKey == threadKey);

    private void Remember(ThreadState thread, MessageAdded added, long sequence)
    {
        if (!TryFindMessage(thread.Channel, added.PlatformMessageId, out _)) _messageCount++;
        thread.Messages.Add(new StoredMessage(added, sequence));
        NoteRisk(thread, thread.Messages.Count - 1);
        if (_messageKeys is null && _messageCount > IndexFrom)
        {
            _messageKeys = [];
            foreach (var t in Threads)
                foreach (var m in t.Messages)
                    _messageKeys[(t.Channel, m.Message.PlatformMessageId)] = (t.Id, m.Sequence);
        }
        else if (_messageKeys is not null)
            _messageKeys[(thread.Channel, added.PlatformMessageId)] = (thread.Id, sequence);
        if (added.ClientMessageId is not null)
            (_clientMessageIds ??= new(StringComparer.Ordinal))[added.ClientMessageId] = added.PlatformMessageId;
        if (NewestMessageAt is null || added.PlatformTimestamp > NewestMessageAt)
            NewestMessageAt = added.PlatformTimestamp;
    }

    /// <summary>The stored message as read from now on carries its new risk (the snapshot keeps it that way).</summary>
    private void Rescore(MessageRiskChanged rescored)
    {
        if (Thread(rescored.ThreadId) is not { } thread) return;
        var at = thread.Messages.FindIndex(m => m.Message.PlatformMessageId == rescored.PlatformMessageId);
        if (at < 0) return;
        var stored = thread.Messages[at];
        thread.Messages[at] = stored with { Message = stored.Message with { Risk = LeanRisk(rescored.Risk) } };
        NoteRisk(thread, at);
        if (ReferenceEquals(LastMessage, stored.Message)) LastMessage = thread.Messages[at].Message;
    }

    /// <summary>A stored message by its platform id, as read now (with its latest risk).</summary>
    public StoredMessage? Message(ChannelKind channel, string platformMessageId) =>
        TryFindMessage(channel, platformMessageId, out var found)
            ? Thread(found.ThreadId)?.Messages.Find(m => m.Sequence == found.Sequence) : null;

    /// <summary>The risk of the customer's newest message (by platform time): what the case is about now.</summary>
    public Engine.Insight.RiskAssessment? LatestRisk =>
        _latestRisk.Thread < 0 ? null : Threads[_latestRisk.Thread].Messages[_latestRisk.Message].Message.Risk;

    /// <summary>Keeps <see cref="_latestRisk"/> on the scored message newest by platform time (then by sequence).</summary>
    private void NoteRisk(ThreadState thread, int index)
    {
        var candidate = thread.Messages[index];
        if (candidate.Message.Risk is null) return;
        if (_latestRisk.Thread >= 0)
        {
            var latest = Threads[_latestRisk.Thread].Messages[_latestRisk.Message];
            if ((candidate.Message.PlatformTimestamp, candidate.Sequence).CompareTo((latest.Message.PlatformTimestamp, latest.Sequence)) <= 0)
                return;
        }
        _latestRisk = (Threads.IndexOf(thread), index);
    }

    public void Apply(ConversationEvent e)
    {
        switch (e)
        {
            case ConversationStarted started:
                Tenant = started.Tenant;
                CustomerId = started.CustomerId;
                LinkedFrom = started.LinkedFrom;
                ListeningRules = started.ListeningRules;
                CreatedAt = started.At;
                break;
            case CustomerLinked linked:
                CustomerId = linked.CustomerId;
                break;
            case ThreadOpened opened:
                Threads.Add(new ThreadState(opened.ThreadId, opened.Channel, opened.Visibility, opened.ThreadKey, opened.At));
                break;
            case ThreadMovedOut moved:
                (Thread(moved.ThreadId) ?? throw new InvalidOperationException($"Move of unknown thread {moved.ThreadId}")).MovedOut = true;
                break;
            case MessageAdded added:
                added = WithKnownAuthor(added);
                var thread = Thread(added.ThreadId)
                    ?? throw new InvalidOperationException($"Message for unknown thread {added.ThreadId}");
                added = Leaner(WithKnownIds(added, thread));
                var previousLast = LastMessage;
                Remember(thread, added, Version + 1);
                LastMessage = added;
                DropTextOf(previousLast);
                break;
            case MessageRiskChanged rescored:
                Rescore(rescored);
                break;
            case NoteAdded note:
                Notes.Add(note);
                break;
            case StatusChanged changed:
                if (KnownIdentity(changed.By) is { } by && !ReferenceEquals(by, changed.By)) changed = changed with { By = by };
                Status = changed.To;
                ResolvedAt = changed.To is ConversationStatus.Resolved or ConversationStatus.Closed ? changed.At : null;
                if (ResolvedAt is not null) QueueId = null;
                StatusHistory.Add(changed);
                DropOldStatusChanges();
                break;
            case ConversationQueued queued:
                QueueId = LastQueueId = queued.QueueId;
                QueuedAt = queued.At;
                Assignee = null;
                RoutingHistory.Add(queued);
                break;
            case ConversationAssigned assigned:
                Assignee = assigned.AgentId;
                QueueId = null;
                RoutingHistory.Add(assigned);
                break;
            case ConversationUnassigned unassigned:
                if (Assignee == unassigned.AgentId) Assignee = null;
                RoutingHistory.Add(unassigned);
                break;
            case SlaWarned or SlaBreached or SupervisorsNotified:
                SlaHistory.Add(e);
                break;
            case PriorityChanged priority:
                Priority = priority.To;
                SlaHistory.Add(priority);
                break;
            case LabelAdded label:
                Labels.Add(label.Label);
                break;
            case PrivateInviteSent invite:
                PrivateInvites.Add(invite);
                break;
            case ThreadControlChanged control:
                RoutingHistory.Add(control);
                break;
            case ReplyDrafted or DraftApproved or DraftRejected:
                FoldApproval(e);
                break;
            case ConversationEscalated escalated:
                Tier = escalated.ToTier;
                RoutingHistory.Add(escalated);
                break;
            case DeliveryQueued or DeliverySent or DeliveryFailed:
                var deliveredId = ConversationDecisions.DeliveredMessageId(e)!;
                var deliveryBefore = Deliveries.GetValueOrDefault(deliveredId);
                Deliver(deliveredId, e);
                if (e is not DeliveryQueued && deliveryBefore is DeliveryQueued wasQueued) DropTextOf(wasQueued.ThreadId, deliveredId);
                break;
        }
        Version++;
        if (e.At > UpdatedAt) UpdatedAt = e.At;
    }
}

public sealed class ThreadState(int id, ChannelKind channel, Visibility visibility, string threadKey, DateTimeOffset openedAt)
{
    public int Id { get; } = id;
    public ChannelKind Channel { get; } = channel;
    public Visibility Visibility { get; } = visibility;
    public string ThreadKey { get; } = threadKey;
    public DateTimeOffset OpenedAt { get; } = openedAt;
    /// <summary>In arrival order; <see cref="ThreadOrdering"/> gives the reading order.</summary>
    public List<StoredMessage> Messages { get; } = [];
    /// <summary>Its directory moved the thread on to a newer conversation (<see cref="ThreadMovedOut"/>).</summary>
    public bool MovedOut { get; set; }
}

public sealed record StoredMessage(MessageAdded Message, long Sequence);
