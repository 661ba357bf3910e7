namespace Engine.Customers;

using Engine.Conversations;

/// <summary>
/// A customer's record and its rules, kept apart from the grain so they are tested without a cluster. Every change
/// that a person (or a verified signal) makes leaves an audit entry.
/// </summary>
[GenerateSerializer, Alias("engine.CustomerState")]
public sealed class CustomerState
{
    /// <summary>Audit entries kept per customer; the oldest go first.</summary>
    public const int AuditKept = 500;

    [Id(0)] public List<string> Identities { get; set; } = [];
    /// <summary>Active (open, pending, snoozed) conversations and when each became active.</summary>
    [Id(1)] public Dictionary<Guid, DateTimeOffset> ActiveConversations { get; set; } = [];
    /// <summary>Every conversation ever tracked, with when it was first seen.</summary>
    [Id(2)] public Dictionary<Guid, DateTimeOffset> Conversations { get; set; } = [];
    [Id(3)] public Guid? MergedInto { get; set; }
    [Id(4)] public List<Guid> MergedFrom { get; set; } = [];
    [Id(5)] public List<CustomerAuditEntry> Audit { get; set; } = [];

    public bool Exists => Identities.Count > 0 || Conversations.Count > 0 || ActiveConversations.Count > 0
        || MergedInto is not null || Audit.Count > 0;

    /// <returns>Whether anything changed.</returns>
    public bool AddIdentity(string identity)
    {
        if (Identities.Contains(identity)) return false;
        Identities.Add(identity);
        return true;
    }

    public bool Track(Guid conversationId, ConversationStatus status, DateTimeOffset at)
    {
        var active = status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed;
        var known = Conversations.TryAdd(conversationId, at);
        var changed = active ? ActiveConversations.TryAdd(conversationId, at) : ActiveConversations.Remove(conversationId);
        return known || changed;
    }

    /// <summary>Older records kept only active conversations; those count as known too.</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> AllConversations()
    {
        var all = new Dictionary<Guid, DateTimeOffset>(Conversations);
        foreach (var (id, at) in ActiveConversations) all.TryAdd(id, at);
        return all;
    }

    public Guid? MostRecentActive() =>
        ActiveConversations.Count == 0 ? null : ActiveConversations.MaxBy(c => c.Value).Key;

    public void Linked(string identity, string by, DateTimeOffset at, string? signal)
    {
        AddIdentity(identity);
        Record(at, by, "identity-linked", signal is null ? identity : $"{identity} (verified: {signal})");
    }

    public bool Unlinked(string identity, string by, DateTimeOffset at)
    {
        if (!Identities.Remove(identity)) return false;
        Record(at, by, "identity-unlinked", identity);
        return true;
    }

    /// <summary>This customer joins <paramref name="survivor"/>: it keeps its data (so a repeated merge hands over the same) and redirects.</summary>
    public CustomerHandOver HandOver(Guid survivor, string by, DateTimeOffset at, string? signal)
    {
        if (MergedInto is null)
        {
            MergedInto = survivor;
            Record(at, by, "merged-into", signal is null ? $"{survivor}" : $"{survivor} (verified: {signal})");
        }
        return new CustomerHandOver(Identities.ToList(), AllConversations(), new Dictionary<Guid, DateTimeOffset>(ActiveConversations),
            MergedFrom.ToList());
    }

    /// <summary>Takes the merged customer's identities and conversations; a repeated hand-over changes nothing.</summary>
    public bool Absorb(Guid from, CustomerHandOver handOver, string by, DateTimeOffset at, string? signal)
    {
        var changed = false;
        foreach (var identity in handOver.Identities) changed |= AddIdentity(identity);
        foreach (var (id, seen) in handOver.Conversations) changed |= Conversations.TryAdd(id, seen);
        foreach (var (id, since) in handOver.ActiveConversations) changed |= ActiveConversations.TryAdd(id, since);
        foreach (var earlier in handOver.MergedFrom.Prepend(from))
            if (!MergedFrom.Contains(earlier)) { MergedFrom.Add(earlier); changed = true; }
        if (changed || !Audit.Any(a => a.Action == "merged-from" && a.Detail.StartsWith(from.ToString(), StringComparison.Ordinal)))
        {
            Record(at, by, "merged-from", $"{from}: {string.Join(", ", handOver.Identities)}" + (signal is null ? "" : $" (verified: {signal})"));
            changed = true;
        }
        return changed;
    }

    /// <summary>Only a customer that is nothing but one identity, seen moments ago, may be merged without a person deciding.</summary>
    public static bool IsFreshSingleIdentity(CustomerView customer) => customer.Identities.Count == 1
        && (customer.Conversations?.Count ?? 0) == 0 && customer.ActiveConversations.Count == 0 && (customer.MergedFrom?.Count ?? 0) == 0
        && customer.MergedInto is null && (customer.Audit?.Count ?? 0) == 0;

    private void Record(DateTimeOffset at, string by, string action, string detail)
    {
        Audit.Add(new CustomerAuditEntry(at, by, action, detail));
        if (Audit.Count > AuditKept) Audit.RemoveRange(0, Audit.Count - AuditKept);
    }
}
