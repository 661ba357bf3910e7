namespace Engine.Replay;

/// <summary>Every conversation of the tenants a replay touched, as the engine stores them, and the figures drawn from them.</summary>
public sealed class ReadBack(IReadOnlyList<ConversationAnswer> conversations, TimeSpan elapsed)
{
    public IReadOnlyList<ConversationAnswer> Conversations { get; } = conversations;
    public TimeSpan Elapsed { get; } = elapsed;

    public int StoredConversations => Conversations.Count;
    public int StoredMessages => Conversations.Sum(c => c.Threads.Sum(t => t.Messages.Count));
    public int ConversationsWithCustomer => Conversations.Count(c => c.CustomerId is not null);
    public int ConversationsWithFirstResponse => FirstResponses.Count;
    public int CustomerMessages => Conversations.Sum(c => c.Clock.CustomerMessages);
    public int AnsweredCustomerMessages => Conversations.Sum(c => c.Clock.AnsweredCustomerMessages);

    /// <summary>Share of customer messages the brand answered; null when there were none.</summary>
    public double? AnsweredShare => CustomerMessages == 0 ? null : (double)AnsweredCustomerMessages / CustomerMessages;

    public IReadOnlyList<TimeSpan> FirstResponses { get; } = conversations
        .Select(c => c.Clock.FirstResponse).OfType<TimeSpan>().Order().ToList();

    public TimeSpan? FirstResponseMedian => Percentiles.NearestRank(FirstResponses, 0.5);
    public TimeSpan? FirstResponseP90 => Percentiles.NearestRank(FirstResponses, 0.9);

    /// <summary>Each stored thread ("tenant/threadKey") with its platform message ids in the engine's order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ThreadMessageIds() =>
        Conversations.SelectMany(c => c.Threads.Select(t => (Key: $"{c.Tenant}/{t.ThreadKey}", Ids: t.Messages.Select(m => m.PlatformMessageId).ToList())))
            .ToDictionary(x => x.Key, IReadOnlyList<string> (x) => x.Ids, StringComparer.Ordinal);
}

public static class Percentiles
{
    /// <summary>The smallest value with at least <paramref name="p"/> of the sorted values at or below it.</summary>
    public static TimeSpan? NearestRank(IReadOnlyList<TimeSpan> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
