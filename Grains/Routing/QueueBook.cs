namespace Engine.Routing;

using Engine.Agents;

/// <summary>What a queue partition asks its grain to do after a change: send an offer or withdraw one.</summary>
public abstract record QueueCommand(string AgentId);
public sealed record SendOffer(string AgentId, Offer Offer) : QueueCommand(AgentId);
public sealed record WithdrawOffer(string AgentId, Guid OfferId, bool TimedOut) : QueueCommand(AgentId);

/// <summary>One conversation held by a partition: waiting, or offered to one agent until the offer ends.</summary>
public sealed class QueueEntry(QueueTicket ticket)
{
    private HashSet<string>? _tried;

    public QueueTicket Ticket { get; } = ticket;
    public Offer? Offer { get; set; }
    public string? OfferedTo { get; set; }

    /// <summary>Agents who declined it or let it time out during this stay; they are not asked again. Made on the first
    /// (most conversations are taken at their first offer, and an empty set is ~64 B for each one waiting).</summary>
    public IReadOnlyCollection<string> Tried => (IReadOnlyCollection<string>?)_tried ?? [];

    public void Remember(string agentId) => (_tried ??= new(StringComparer.Ordinal)).Add(agentId);

    public bool HasTried(string agentId) => _tried?.Contains(agentId) == true;
}

/// <summary>
/// The routing state of one queue partition, pure: the waiting conversations in <see cref="QueueOrder"/>, the offers
/// out, and the partition's view of its agents. Each change answers the offers to send; the grain sends them.
/// The view of agents may be stale: an agent grain refuses an offer it has no room for, and the book tries the next.
/// </summary>
public sealed class QueueBook(string tenant, int partition, QueueDefinition definition, TimeProvider clock)
{
    /// <summary>How far an agent who just freed up looks down the queue for work it is eligible for.</summary>
    public const int ScanLimit = 5_000;

    private readonly Dictionary<Guid, QueueEntry> _entries = [];
    private readonly SortedSet<QueueEntry> _waiting = new(Comparer<QueueEntry>.Create((a, b) => QueueOrder.Instance.Compare(a.Ticket, b.Ticket)));
    private readonly Dictionary<Guid, QueueEntry> _offered = [];
    private readonly Dictionary<string, AgentAvailability> _agents = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ready = new(StringComparer.Ordinal);
    /// <summary>The ready agents in the strategy's order of preference, so choosing does not look at every agent.</summary>
    private SortedSet<AgentAvailability> _preferred = new(AgentChooser.Preference(definition.Strategy));
    private readonly AgentChooser _chooser = new();
    /// <summary>Conversations whose stored row is out of date since the last <see cref="TakeChanges"/>.</summary>
    private readonly HashSet<Guid> _changed = [];

    public string Tenant => tenant;
    public QueueDefinition Definition
    {
        get => _definition;
        set
        {
            _definition = value;
            _preferred = new SortedSet<AgentAvailability>(_preferred, AgentChooser.Preference(value.Strategy));
        }
    }

    private QueueDefinition _definition = definition;
    public WaitEstimator Pace { get; } = new();
    public long AssignedCount { get; set; }
    public int Count => _entries.Count;
    public IEnumerable<QueueEntry> Entries => _entries.Values;
    public IEnumerable<QueueEntry> Offered => _offered.Values;
    public IReadOnlyCollection<string> KnownAgents => _agents.Keys;
    public bool Holds(Guid conversationId) => _entries.ContainsKey(conversationId);

    public IReadOnlyList<QueueCommand> Enqueue(QueueTicket ticket)
    {
        if (_entries.ContainsKey(ticket.ConversationId)) return [];
        var entry = new QueueEntry(Compact(ticket));
        _entries.Add(ticket.ConversationId, entry);
        _changed.Add(ticket.ConversationId);
        _waiting.Add(entry);
        return OfferOne(entry) is { } command ? [command] : [];
    }

    /// <summary>Puts back an entry read from storage, with its offer and the agents it already tried.</summary>
    public void Restore(QueueTicket ticket, Offer? offer, string? offeredTo, IEnumerable<string> tried)
    {
        var entry = new QueueEntry(Compact(ticket)) { Offer = offer, OfferedTo = offeredTo };
        foreach (var agent in tried)
            entry.Remember(agent);
        _entries[ticket.ConversationId] = entry;
        if (offer is null) _waiting.Add(entry); else _offered[ticket.ConversationId] = entry;
    }

    public IReadOnlyList<QueueCommand> Remove(Guid conversationId)
    {
        if (!_entries.Remove(conversationId, out var entry)) return [];
        _changed.Add(conversationId);
        _waiting.Remove(entry);
        _offered.Remove(conversationId);
        return entry.Offer is { } offer ? [new WithdrawOffer(entry.OfferedTo!, offer.OfferId, false)] : [];
    }

    /// <summary>The agent accepted. True only for the live offer of that agent; the conversation then leaves the queue.</summary>
    public bool Confirm(Guid conversationId, Guid offerId, string agentId)
    {
        if (!_offered.TryGetValue(conversationId, out var entry) || entry.Offer!.OfferId != offerId
            || entry.OfferedTo != agentId || clock.GetUtcNow() >= entry.Offer.ExpiresAt)
            return false;
        _offered.Remove(conversationId);
        _entries.Remove(conversationId);
        _changed.Add(conversationId);
        AssignedCount++;
        Pace.Assigned(clock.GetUtcNow());
        return true;
    }

    /// <summary>The agent said no: the conversation goes to the next eligible agent.</summary>
    public IReadOnlyList<QueueCommand> Declined(Guid conversationId, Guid offerId, string agentId) =>
        EndOffer(conversationId, offerId, agentId, remember: true);

    /// <summary>The agent had no room after all (the view was stale): try someone else, without holding it against the agent.</summary>
    public IReadOnlyList<QueueCommand> Refused(Guid conversationId, Guid offerId, AgentAvailability? availability, string agentId)
    {
        if (availability is not null) See(availability);
        else MarkUnready(agentId);
        return EndOffer(conversationId, offerId, agentId, remember: false);
    }

    /// <summary>Every offer past its deadline ends as a timeout: withdrawn from the agent and offered to the next.</summary>
    public IReadOnlyList<QueueCommand> ExpireOffers()
    {
        var now = clock.GetUtcNow();
        var expired = _offered.Values.Where(e => e.Offer!.ExpiresAt <= now).ToList();
        var commands = new List<QueueCommand>();
        foreach (var entry in expired)
        {
            var (offer, agent) = (entry.Offer!, entry.OfferedTo!);
            commands.Add(new WithdrawOffer(agent, offer.OfferId, TimedOut: true));
            commands.AddRange(EndOffer(entry.Ticket.ConversationId, offer.OfferId, agent, remember: true));
        }
        return commands;
    }

    public DateTimeOffset? NextExpiry => _offered.Count == 0 ? null : _offered.Values.Min(e => e.Offer!.ExpiresAt);

    /// <summary>An agent's news, for choosing among agents when new work arrives. False when it was older than what the book has.</summary>
    public bool AgentChanged(AgentAvailability availability) => See(availability);

    /// <summary>
    /// An agent with room asks for work: the first waiting conversations it is eligible for, in queue order, up to its
    /// room per kind. Pulled by the agent rather than pushed to it by every partition at once, so partitions do not
    /// stampede the same freed agent.
    /// </summary>
    public IReadOnlyList<SendOffer> Pull(AgentAvailability availability)
    {
        See(availability, force: true);
        if (!_ready.Contains(availability.AgentId)) return [];
        var free = new Dictionary<WorkKind, int>(availability.FreeCapacity);
        var picks = new List<QueueEntry>();
        var scanned = 0;
        foreach (var entry in _waiting)
        {
            if (++scanned > ScanLimit || free.Values.All(v => v <= 0)) break;
            if (free.GetValueOrDefault(entry.Ticket.Kind) > 0 && Suits(availability, entry))
            {
                picks.Add(entry);
                free[entry.Ticket.Kind]--;
            }
        }
        return picks.Select(entry => OfferTo(entry, _agents[availability.AgentId])).ToList();
    }

    /// <summary>
    /// What to store since the last call: the rows to write again (as they are now) and the conversations that left.
    /// Reading the entries at take time means several changes to one conversation cost one row.
    /// </summary>
    public (IReadOnlyList<StoredQueueEntry> Upserted, IReadOnlyList<Guid> Removed) TakeChanges()
    {
        var upserted = new List<StoredQueueEntry>();
        var removed = new List<Guid>();
        foreach (var id in _changed)
        {
            if (_entries.TryGetValue(id, out var e)) upserted.Add(new StoredQueueEntry(e.Ticket, e.Offer, e.OfferedTo, e.Tried.ToList()));
            else removed.Add(id);
        }
        _changed.Clear();
        return (upserted, removed);
    }

    /// <summary>A write of these conversations failed: they are stored again by the next one.</summary>
    public void MarkChanged(IEnumerable<Guid> conversationIds) => _changed.UnionWith(conversationIds);

    public void AgentLeft(string agentId)
    {
        MarkUnready(agentId);
        _agents.Remove(agentId);
    }

    public (int Position, bool Offered, TimeSpan Waited, TimeSpan? Estimate)? Position(Guid conversationId)
    {
        if (!_entries.TryGetValue(conversationId, out var entry)) return null;
        var waited = clock.GetUtcNow() - entry.Ticket.EnteredAt;
        if (entry.Offer is not null) return (0, true, waited, TimeSpan.Zero);
        var position = _waiting.GetViewBetween(_waiting.Min!, entry).Count;
        return (position, false, waited, Pace.Estimate(position));
    }

    public QueueStats Stats()
    {
        var oldest = _entries.Count == 0 ? (DateTimeOffset?)null : _entries.Values.Min(e => e.Ticket.EnteredAt);
        return new QueueStats(Definition.QueueId, _waiting.Count, _offered.Count,
            oldest is { } o ? clock.GetUtcNow() - o : TimeSpan.Zero, _agents.Count, _ready.Count, AssignedCount, 1);
    }

    private IReadOnlyList<QueueCommand> EndOffer(Guid conversationId, Guid offerId, string agentId, bool remember)
    {
        if (!_offered.TryGetValue(conversationId, out var entry) || entry.Offer!.OfferId != offerId) return [];
        _offered.Remove(conversationId);
        _changed.Add(conversationId);
        entry.Offer = null;
        entry.OfferedTo = null;
        if (remember) entry.Remember(agentId);
        _waiting.Add(entry);
        return OfferOne(entry) is { } command ? [command] : [];
    }

    private QueueCommand? OfferOne(QueueEntry entry)
    {
        var chosen = _chooser.ChooseFrom(Definition.Strategy, _preferred, a => IsEligible(a, entry));
        return chosen is null ? null : OfferTo(entry, chosen);
    }

    private SendOffer OfferTo(QueueEntry entry, AgentAvailability agent)
    {
        var now = clock.GetUtcNow();
        var ticket = entry.Ticket;
        var offer = new Offer(Guid.NewGuid(), ticket.ConversationId, ticket.QueueId, partition, ticket.Kind, ticket.Priority,
            now, now + Definition.OfferTimeout, Definition.AutoAccept, ticket.EnteredAt);
        _waiting.Remove(entry);
        entry.Offer = offer;
        entry.OfferedTo = agent.AgentId;
        _offered[ticket.ConversationId] = entry;
        _changed.Add(ticket.ConversationId);
        // Count the offer against the agent here too, so this partition does not offer past the agent's room
        // before the agent's own news arrives.
        var free = new Dictionary<WorkKind, int>(agent.FreeCapacity) { [ticket.Kind] = agent.FreeCapacity.GetValueOrDefault(ticket.Kind) - 1 };
        See(agent with { FreeCapacity = free, Load = agent.Load + 1 }, force: true);
        return new SendOffer(agent.AgentId, offer);
    }

    private static readonly IReadOnlyDictionary<string, int> NoRequirements = new Dictionary<string, int>();

    /// <summary>
    /// The ticket as the partition keeps it while the conversation waits: each arrives as its own copy from the grain
    /// call, with its own tenant and queue strings and, for most, an empty skills dictionary (80 B) and an empty
    /// exclusion list. Those are shared here, ~200 B less for each waiting conversation.
    /// </summary>
    private QueueTicket Compact(QueueTicket ticket) => ticket with
    {
        Tenant = ticket.Tenant == tenant ? tenant : ticket.Tenant,
        QueueId = ticket.QueueId == Definition.QueueId ? Definition.QueueId : ticket.QueueId,
        Requirements = ticket.Requirements.Count == 0 ? NoRequirements : ticket.Requirements,
        Excluded = ticket.Excluded.Count == 0 ? [] : ticket.Excluded,
    };

    private bool IsEligible(AgentAvailability agent, QueueEntry entry) =>
        agent.FreeCapacity.GetValueOrDefault(entry.Ticket.Kind) > 0 && Suits(agent, entry);

    /// <summary>Everything but room: present, not tried before, and skilled enough for the queue and the conversation.</summary>
    private bool Suits(AgentAvailability agent, QueueEntry entry) =>
        agent.Presence == Presence.Available
        && !entry.HasTried(agent.AgentId)
        && !entry.Ticket.Excluded.Contains(agent.AgentId)
        && SkillMatcher.Satisfies(agent.Skills, Definition.Requirements)
        && SkillMatcher.Satisfies(agent.Skills, entry.Ticket.Requirements);

    /// <summary>Takes the agent's news unless it is older than what the book has. True when taken.</summary>
    private bool See(AgentAvailability availability, bool force = false)
    {
        if (_agents.TryGetValue(availability.AgentId, out var known))
        {
            if (!force && known.Version > availability.Version) return false;
            _preferred.Remove(known);
        }
        _agents[availability.AgentId] = availability;
        if (availability.Presence == Presence.Available && availability.FreeCapacity.Values.Any(v => v > 0))
        {
            _ready.Add(availability.AgentId);
            _preferred.Add(availability);
        }
        else
        {
            _ready.Remove(availability.AgentId);
        }
        return true;
    }

    private void MarkUnready(string agentId)
    {
        if (_ready.Remove(agentId)) _preferred.Remove(_agents[agentId]);
    }
}
