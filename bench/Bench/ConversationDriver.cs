namespace Engine.Bench;

using System.Globalization;
using Engine.Conversations;
using Engine.Replay;

/// <summary>Customer and brand tweet texts of the twcs corpus, as the memory suite's message bodies.</summary>
public sealed record MessageTexts(IReadOnlyList<string> Customer, IReadOnlyList<string> Brand)
{
    public static MessageTexts From(IReadOnlyList<TwcsTweet> tweets) =>
        new(tweets.Where(t => t.Inbound).Select(t => t.Text).ToList(), tweets.Where(t => !t.Inbound).Select(t => t.Text).ToList());
}

/// <summary>
/// Builds conversations on X the way the platform delivers them: a customer's tweet, the brand's reply, the customer's
/// answer and so on, each a reply to the one before, with the thread key of the first. Every string of every message
/// is a fresh instance, as it would be after deserializing a webhook, so nothing is shared by accident with the driver.
/// </summary>
public sealed class ConversationDriver(IInboundGrain inbound, string tenant, MessageTexts texts, int messages, DateTimeOffset start)
{
    private const long FirstTweetId = 1_100_000_000_000_000_000;
    private const long FirstCustomer = 4_000_000_000;

    /// <summary>Conversations <paramref name="first"/> to first + count - 1, each built to its last message.</summary>
    public Task Build(int first, int count, int callers) =>
        Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = callers },
            async (c, _) => await BuildOne(c));

    private async Task BuildOne(int conversation)
    {
        var customer = $"x:{FirstCustomer + conversation}";
        var root = TweetId(conversation, 0);
        for (var i = 0; i < messages; i++)
        {
            var byCustomer = i % 2 == 0;
            var pick = conversation * messages + i;
            var text = byCustomer ? texts.Customer[pick % texts.Customer.Count] : texts.Brand[pick % texts.Brand.Count];
            var author = byCustomer ? new MessageAuthor(AuthorKind.Customer, Fresh(customer)) : new MessageAuthor(AuthorKind.Agent, Fresh("x:AcmeSupport"));
            var message = new InboundMessage(Fresh(tenant), ChannelKind.X, Visibility.Public, TweetId(conversation, i), author, Fresh(text),
                start.AddMinutes(i), DateTimeOffset.UtcNow, ThreadKey: Fresh(root), InReplyTo: i == 0 ? null : TweetId(conversation, i - 1),
                CustomerIdentity: byCustomer ? null : Fresh(customer));
            var outcome = await inbound.Accept(message);
            if (outcome.Status != IngestStatus.Accepted || outcome.ConversationCreated != (i == 0))
                throw new InvalidOperationException($"Conversation {conversation}, message {i}: {outcome}");
        }
    }

    private string TweetId(int conversation, int message) =>
        (FirstTweetId + (long)conversation * messages + message).ToString(CultureInfo.InvariantCulture);

    private static string Fresh(string value) => new(value.AsSpan());
}
