namespace Engine.Replay;

using System.Text.RegularExpressions;

/// <summary>
/// Turns corpus tweets into inbound messages. Brand accounts are tenants; a thread is every tweet that reaches
/// the same root through reply links inside the corpus, and its root id stands in for X's conversation_id.
/// </summary>
public static partial class CorpusMapper
{
    public const string Channel = "x";

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Mention();

    public static ReplayPlan Map(IReadOnlyList<TwcsTweet> tweets)
    {
        var byId = new Dictionary<string, TwcsTweet>(StringComparer.Ordinal);
        foreach (var tweet in tweets)
            if (!byId.TryAdd(tweet.TweetId, tweet))
                throw new InvalidDataException($"Tweet {tweet.TweetId} appears twice in the corpus.");

        var brands = tweets.Where(t => !t.Inbound).Select(t => t.AuthorId)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(b => b, b => b, StringComparer.OrdinalIgnoreCase);

        var threads = tweets.GroupBy(t => RootOf(t, byId).TweetId, StringComparer.Ordinal);
        var messages = new List<ReplayMessage>(tweets.Count);
        int threadCount = 0, unroutable = 0;
        foreach (var thread in threads)
        {
            var ordered = thread.OrderBy(t => t.CreatedAt).ThenBy(t => t.TweetId, StringComparer.Ordinal).ToList();
            var tenant = ordered.FirstOrDefault(t => !t.Inbound)?.AuthorId ?? MentionedBrand(byId[thread.Key], brands);
            if (tenant is null)
            {
                unroutable += ordered.Count;
                continue;
            }
            threadCount++;
            messages.AddRange(ordered.Select(t => new ReplayMessage(tenant, ToInbound(t, thread.Key, byId))));
        }

        var orphans = tweets.Count(t => t.InResponseToTweetId is { } parent && !byId.ContainsKey(parent));
        var inTimeOrder = messages.OrderBy(m => m.Body.Timestamp).ThenBy(m => m.Body.PlatformMessageId, StringComparer.Ordinal).ToList();
        return new ReplayPlan(inTimeOrder, tweets.Count, threadCount, orphans, unroutable);
    }

    /// <summary>Follows reply links up while the parent is in the corpus; a cycle (bad data) stops at the repeat.</summary>
    public static TwcsTweet RootOf(TwcsTweet tweet, IReadOnlyDictionary<string, TwcsTweet> byId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { tweet.TweetId };
        while (tweet.InResponseToTweetId is { } parentId && byId.TryGetValue(parentId, out var parent) && seen.Add(parentId))
            tweet = parent;
        return tweet;
    }

    private static string? MentionedBrand(TwcsTweet root, IReadOnlyDictionary<string, string> brands) =>
        Mention().Matches(root.Text)
            .Select(m => brands.GetValueOrDefault(m.Groups[1].Value))
            .FirstOrDefault(b => b is not null);

    private static InboundBody ToInbound(TwcsTweet tweet, string threadKey, IReadOnlyDictionary<string, TwcsTweet> byId)
    {
        string? customerIdentity = null;
        if (!tweet.Inbound && tweet.InResponseToTweetId is { } parentId
            && byId.TryGetValue(parentId, out var parent) && parent.Inbound)
            customerIdentity = Identity(parent.AuthorId);

        var author = new InboundAuthor(tweet.Inbound ? "customer" : "agent", Identity(tweet.AuthorId), null);
        return new InboundBody(Channel, "public", tweet.TweetId, threadKey, tweet.InResponseToTweetId, author,
            tweet.Text, tweet.CreatedAt, null, customerIdentity);
    }

    private static string Identity(string handle) => $"{Channel}:{handle}";
}
