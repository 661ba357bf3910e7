namespace Engine.Agents;

/// <summary>
/// An agent's persisted state and its rules, pure: capacity is counted as assignments plus pending offers per
/// work kind, and nothing is added past it. <see cref="AgentGrain"/> is the only caller.
/// </summary>
[GenerateSerializer, Alias("engine.AgentState")]
public sealed class AgentState
{
    /// <summary>How many ended offers are remembered, to tell "expired" from "never yours".</summary>
    public const int EndedOffersKept = 64;

    [Id(0)] public bool Registered { get; set; }
    [Id(1)] public Presence Presence { get; set; } = Presence.Offline;
    [Id(2)] public DateTimeOffset PresenceSince { get; set; }
    [Id(3)] public AgentProfile Profile { get; set; } = new(null, new Dictionary<string, int>(), new Dictionary<WorkKind, int>(), []);
    [Id(4)] public List<AgentAssignment> Assignments { get; set; } = [];
    [Id(5)] public List<Offer> Offers { get; set; } = [];
    [Id(6)] public int MissedOffers { get; set; }
    [Id(7)] public DateTimeOffset IdleSince { get; set; }
    [Id(8)] public long Version { get; set; }
    [Id(9)] public List<Guid> EndedOffers { get; set; } = [];
    /// <summary>When an offline agent's assignments go back to their queues; null when nothing is pending.</summary>
    [Id(10)] public DateTimeOffset? ReturnAssignmentsAt { get; set; }
    /// <summary>Presence changes and assignments, oldest first, for occupancy reports; see <see cref="AgentActivityLog"/>.</summary>
    [Id(11)] public List<AgentActivity> Activity { get; set; } = [];

    private void Log(AgentActivity entry) => AgentActivityLog.Append(Activity, entry);

    /// <summary>The agent's groups: the queues it serves and each skill named <c>group:name</c>.</summary>
    public IReadOnlySet<string> Groups() => Profile.Queues
        .Concat(Profile.Skills.Keys.Where(s => s.StartsWith("group:", StringComparison.Ordinal)).Select(s => s["group:".Length..]))
        .ToHashSet(StringComparer.Ordinal);

    public int Capacity(WorkKind kind) => Profile.Capacity.GetValueOrDefault(kind);

    public int Used(WorkKind kind) => Assignments.Count(a => a.Kind == kind) + Offers.Count(o => o.Kind == kind);

    public int Free(WorkKind kind) => Math.Max(0, Capacity(kind) - Used(kind));

    public bool HasRoom(WorkKind kind) => Used(kind) < Capacity(kind);

    /// <summary>Reserves room for an offer, or refuses: unknown or unavailable agent, no room, or already expired.</summary>
    public OfferReply Reserve(Offer offer, DateTimeOffset now)
    {
        if (Offers.Any(o => o.OfferId == offer.OfferId)) return OfferReply.Reserved;
        if (!Registered || Presence != Presence.Available || !HasRoom(offer.Kind) || offer.ExpiresAt <= now
            || Assignments.Any(a => a.ConversationId == offer.ConversationId))
            return OfferReply.Refused;
        Offers.Add(offer);
        Changed();
        return OfferReply.Reserved;
    }

    /// <summary>Ends a pending offer, remembering its id; null when the agent holds no such offer.</summary>
    public Offer? EndOffer(Guid offerId)
    {
        var offer = Offers.Find(o => o.OfferId == offerId);
        if (offer is null) return null;
        Offers.Remove(offer);
        EndedOffers.Add(offerId);
        if (EndedOffers.Count > EndedOffersKept) EndedOffers.RemoveRange(0, EndedOffers.Count - EndedOffersKept);
        Changed();
        return offer;
    }

    public bool OfferEnded(Guid offerId) => EndedOffers.Contains(offerId);

    /// <summary>Turns a pending offer into an assignment; its room was reserved by the offer.</summary>
    public AgentAssignment? AcceptOffer(Guid offerId, DateTimeOffset now)
    {
        if (EndOffer(offerId) is not { } offer) return null;
        var assignment = new AgentAssignment(offer.ConversationId, offer.QueueId, offer.Kind, now, offer.OfferId);
        Assignments.Add(assignment);
        Log(new(now, AgentActivityKind.Assigned, ConversationId: assignment.ConversationId));
        MissedOffers = 0;
        IdleSince = now;
        return assignment;
    }

    /// <summary>Takes a conversation directly when there is room; false otherwise.</summary>
    public bool TryAssign(AgentAssignment assignment)
    {
        if (Assignments.Any(a => a.ConversationId == assignment.ConversationId)) return true;
        if (!HasRoom(assignment.Kind)) return false;
        Assignments.Add(assignment);
        Log(new(assignment.Since, AgentActivityKind.Assigned, ConversationId: assignment.ConversationId));
        IdleSince = assignment.Since;
        Changed();
        return true;
    }

    public bool Release(Guid conversationId, DateTimeOffset now)
    {
        if (Assignments.RemoveAll(a => a.ConversationId == conversationId) == 0) return false;
        Log(new(now, AgentActivityKind.Released, ConversationId: conversationId));
        IdleSince = now;
        Changed();
        return true;
    }

    /// <summary>An offer the agent let time out. Answers true when this one makes the agent away.</summary>
    public bool Missed(int maxMissed, DateTimeOffset now)
    {
        MissedOffers++;
        Changed();
        if (maxMissed <= 0 || MissedOffers < maxMissed || Presence != Presence.Available) return false;
        SetPresence(Presence.Away, now);
        return true;
    }

    /// <summary>Moves presence. Leaving <c>available</c> ends every pending offer at once; they are answered.</summary>
    public IReadOnlyList<Offer> SetPresence(Presence presence, DateTimeOffset now)
    {
        if (presence == Presence) return [];
        Presence = presence;
        PresenceSince = now;
        Log(new(now, AgentActivityKind.Presence, presence));
        if (presence == Presence.Available)
        {
            IdleSince = now;
            MissedOffers = 0;
            ReturnAssignmentsAt = null;
        }
        Changed();
        if (presence == Presence.Available) return [];
        var withdrawn = Offers.ToList();
        foreach (var offer in withdrawn) EndOffer(offer.OfferId);
        return withdrawn;
    }

    public AgentAvailability Availability(string agentId) => new(agentId, Presence, Profile.Skills,
        Enum.GetValues<WorkKind>().Where(k => Capacity(k) > 0).ToDictionary(k => k, Free),
        Assignments.Count + Offers.Count, Profile.Capacity.Values.Sum(), IdleSince, Version);

    private void Changed() => Version++;
}
