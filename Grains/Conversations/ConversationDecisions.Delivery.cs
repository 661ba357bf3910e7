namespace Engine.Conversations;

using Engine.Delivery;

/// <summary>Which messages leave through a delivery connector, and how their outcome is recorded.</summary>
public static partial class ConversationDecisions
{
    /// <summary>Ids the engine gives the messages it writes; a platform's own ids never look like this.</summary>
    public const string EngineMessagePrefix = "engine-";

    /// <summary>
    /// An agent's message written through the engine (a reply, an invitation, a public follow-up) still has to reach
    /// the platform. A brand message that arrived from the platform is already there; a draft is not a message yet.
    /// </summary>
    public static bool NeedsDelivery(MessageAdded message) =>
        message.Author.Kind == AuthorKind.Agent && message.PlatformMessageId.StartsWith(EngineMessagePrefix, StringComparison.Ordinal);

    public static string? DeliveredMessageId(ConversationEvent e) => e switch
    {
        DeliveryQueued q => q.MessageId,
        DeliverySent s => s.MessageId,
        DeliveryFailed f => f.MessageId,
        _ => null,
    };

    /// <summary>The channel kinds of the messages among <paramref name="events"/> that need delivery.</summary>
    public static IReadOnlyList<ChannelKind> OutboundChannels(ConversationState state, IReadOnlyList<ConversationEvent> events) =>
        events.OfType<MessageAdded>().Where(NeedsDelivery)
            .Select(m => ChannelOf(state, events, m.ThreadId)).OfType<ChannelKind>().Distinct().ToList();

    /// <summary>
    /// The events with a <see cref="DeliveryQueued"/> after each message that needs delivery on a channel with a
    /// connector, so the message and its outbox entry are stored in one append. Without a connector the message is
    /// only recorded (someone posts it by hand).
    /// </summary>
    public static IReadOnlyList<ConversationEvent> QueueDeliveries(ConversationState state, IReadOnlyList<ConversationEvent> events,
        Func<ChannelKind, bool> hasConnector, DateTimeOffset now)
    {
        if (!events.OfType<MessageAdded>().Any(NeedsDelivery)) return events;
        var result = new List<ConversationEvent>(events.Count + 1);
        foreach (var e in events)
        {
            result.Add(e);
            if (e is MessageAdded m && NeedsDelivery(m) && ChannelOf(state, events, m.ThreadId) is { } channel && hasConnector(channel)
                && !state.Deliveries.ContainsKey(m.PlatformMessageId))
                result.Add(new DeliveryQueued(now, m.ThreadId, m.PlatformMessageId, DeliveryKeys.IdempotencyKey(state.Id, m.PlatformMessageId)));
        }
        return result;
    }

    /// <summary>Outbox entries of the messages that are queued and have no outcome yet.</summary>
    public static IReadOnlyList<OutboxEntry> Undelivered(ConversationState state) =>
        state.Deliveries.Values.OfType<DeliveryQueued>().Select(q => OutboxEntryFor(state, q)).OfType<OutboxEntry>().ToList();

    public static OutboxEntry? OutboxEntryFor(ConversationState state, DeliveryQueued queued)
    {
        if (state.Thread(queued.ThreadId) is not { } thread) return null;
        if (thread.Messages.Find(m => m.Message.PlatformMessageId == queued.MessageId)?.Message is not { } message) return null;
        if (ConversationState.IsTextInStore(message))
            throw new InvalidOperationException($"Conversation {state.Id}: the text of {queued.MessageId} is in the store; use a full fold.");
        // A reply answers the customer's latest message in its thread unless it names its parent itself.
        var answers = message.InReplyTo ?? thread.Messages
            .Where(m => m.Message.Author.Kind == AuthorKind.Customer && m.Message.PlatformTimestamp <= message.PlatformTimestamp)
            .MaxBy(m => (m.Message.PlatformTimestamp, m.Sequence))?.Message.PlatformMessageId;
        return new OutboxEntry(queued.IdempotencyKey, state.Tenant!, state.Id, thread.Channel, thread.Visibility, thread.ThreadKey,
            message.PlatformMessageId, answers, message.Author.Identity, message.Text, message.Attachments, queued.At);
    }

    /// <summary>The outcome of a queued delivery, once; a report for an unknown message or a settled one is ignored.</summary>
    public static IReadOnlyList<ConversationEvent> RecordDelivery(ConversationState state, DeliveryReport report) =>
        state.Deliveries.GetValueOrDefault(report.MessageId) is DeliveryQueued
            ? report.Outcome == DeliveryOutcome.Sent
                ? [new DeliverySent(report.At, report.MessageId, report.Attempts, report.RemoteMessageId)]
                : [new DeliveryFailed(report.At, report.MessageId, report.Attempts, report.Reason ?? "delivery failed")]
            : [];

    private static ChannelKind? ChannelOf(ConversationState state, IReadOnlyList<ConversationEvent> events, int threadId) =>
        state.Thread(threadId)?.Channel ?? events.OfType<ThreadOpened>().FirstOrDefault(t => t.ThreadId == threadId)?.Channel;
}
