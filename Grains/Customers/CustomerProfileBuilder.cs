namespace Engine.Customers;

using Engine.Conversations;
using Engine.Insight;

/// <summary>Puts a customer's record and their conversations together into the customer view.</summary>
public static class CustomerProfileBuilder
{
    /// <summary>How many conversations (newest first by first sight) the view reads.</summary>
    public const int MaxConversations = 100;

    public static IReadOnlyList<Guid> ConversationsToRead(CustomerView customer) =>
        (customer.Conversations ?? new Dictionary<Guid, DateTimeOffset>())
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(MaxConversations).Select(c => c.Key).ToList();

    /// <param name="score">Sentiment of one text; the VADER analyser in production.</param>
    public static CustomerProfile Build(CustomerView customer, IEnumerable<ConversationView> conversations,
        Func<string, SentimentScores> score, Guid? requestedId = null)
    {
        var views = conversations.OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).ToList();
        var items = views.Select(c =>
        {
            var messages = c.Threads.SelectMany(t => t.Messages).ToList();
            return new CustomerConversation(c.Id, c.Status, c.Threads.Select(t => t.Channel).Distinct().ToList(), c.CreatedAt, c.UpdatedAt,
                messages.Count, ConversationProjection.Preview(messages.MaxBy(m => m.PlatformTimestamp)?.Text), c.CustomerId);
        }).ToList();

        var latest = views
            .SelectMany(c => c.Threads.SelectMany(t => t.Messages.Where(m => m.Direction == MessageDirection.Inbound)
                .Select(m => (Conversation: c.Id, t.Channel, Message: m))))
            .Where(x => !string.IsNullOrWhiteSpace(x.Message.Text))
            .OrderByDescending(x => x.Message.PlatformTimestamp).ThenByDescending(x => x.Message.Sequence)
            .Select(x => (CustomerSentiment?)new CustomerSentiment(x.Conversation, x.Message.PlatformMessageId, x.Channel,
                x.Message.PlatformTimestamp, score(x.Message.Text)))
            .FirstOrDefault();

        return new CustomerProfile(customer.Id, customer.Tenant, customer.Identities, items, latest,
            customer.MergedFrom ?? [], customer.Audit ?? [], requestedId);
    }
}
