namespace Engine.Conversations;

/// <summary>One row of the message index: a platform message id of a conversation's channel and the thread holding it.</summary>
public sealed record IndexedMessage(ChannelKind Channel, string PlatformMessageId, string ThreadKey);

/// <summary>
/// Which message index rows an append adds. A <see cref="MessageAdded"/> names only its thread's number, and a
/// <see cref="DeliverySent"/> only the message it sent, so the rows come from the state the events are folded into.
/// </summary>
public static class MessageIndex
{
    /// <summary>Folds the events into the state and returns the rows they add, in event order.</summary>
    public static IReadOnlyList<IndexedMessage> Fold(ConversationState state, IReadOnlyList<ConversationEvent> events)
    {
        List<IndexedMessage>? rows = null;
        foreach (var e in events)
        {
            // Before the event is applied: a sent delivery's message is then still found by its engine-issued id.
            if (Row(state, e) is { } row) (rows ??= []).Add(row);
            state.Apply(e);
        }
        return rows ?? (IReadOnlyList<IndexedMessage>)[];
    }

    private static IndexedMessage? Row(ConversationState state, ConversationEvent e) => e switch
    {
        // The thread was opened by an earlier event, in this append or a previous one.
        MessageAdded added when state.Thread(added.ThreadId) is { } thread =>
            new IndexedMessage(thread.Channel, added.PlatformMessageId, thread.ThreadKey),
        // The platform's id of the brand's reply: a customer answering it names this id, not the engine's.
        DeliverySent { RemoteMessageId: { } remote } sent when ThreadOf(state, sent.MessageId) is { } thread =>
            new IndexedMessage(thread.Channel, remote, thread.ThreadKey),
        _ => null,
    };

    private static ThreadState? ThreadOf(ConversationState state, string platformMessageId)
    {
        foreach (var channel in state.Threads.Select(t => t.Channel).Distinct())
            if (state.TryFindMessage(channel, platformMessageId, out var found))
                return state.Thread(found.ThreadId);
        return null;
    }
}
