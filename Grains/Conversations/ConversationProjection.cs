namespace Engine.Conversations;

/// <summary>Builds what readers see (the view, the list line) from a conversation's state.</summary>
public static class ConversationProjection
{
    public static ConversationView View(ConversationState state, DateTimeOffset now)
    {
        var threads = state.Threads.Select(t => Thread(t, now)).ToList();
        var allTurns = threads.SelectMany(t => t.Messages)
            .OrderBy(m => m.PlatformTimestamp).ThenBy(m => m.Sequence)
            .Select(m => (m.PlatformTimestamp, m.Author.Kind.SpeaksForBrand()));
        return new ConversationView(
            state.Id, state.Tenant!, state.CustomerId, state.Status, state.Priority, state.Assignee,
            state.CreatedAt, state.UpdatedAt, state.LinkedFrom, threads,
            state.Notes.Select(n => new NoteView(n.NoteId, n.AuthorId, n.Text, n.At)).ToList(),
            state.StatusHistory.Select(s => new StatusChangeView(s.From, s.To, s.By, s.Reason, s.At)).ToList(),
            BrandWaitClock.Measure(allTurns, now),
            state.Version, state.QueueId, state.Tier, state.RoutingHistory.Select(Routing).ToList());
    }

    private static RoutingChangeView Routing(ConversationEvent e) => e switch
    {
        ConversationQueued q => new("queued", null, q.QueueId, null, q.By, q.Reason, q.At),
        ConversationAssigned a => new("assigned", a.AgentId, a.QueueId, null, a.By, a.Reason, a.At, a.How.ToString().ToLowerInvariant()),
        ConversationUnassigned u => new("unassigned", u.AgentId, null, null, u.By, u.Reason, u.At),
        ConversationEscalated x => new("escalated", null, null, x.ToTier, x.By, x.Reason, x.At),
        _ => throw new InvalidOperationException($"{e.GetType().Name} is not a routing event."),
    };

    public static ThreadView Thread(ThreadState thread, DateTimeOffset now)
    {
        var ordered = ThreadOrdering.Order(thread.Messages, m => m.Message.PlatformMessageId,
            m => m.Message.InReplyTo, m => m.Message.PlatformTimestamp);
        var messages = ordered.Select(m => new MessageView(
            m.Message.PlatformMessageId, m.Message.Author, m.Message.Author.Kind.Direction(), m.Message.Text,
            m.Message.PlatformTimestamp, m.Message.At, m.Message.InReplyTo, m.Message.Attachments, m.Sequence)).ToList();
        var clock = BrandWaitClock.Measure(messages.Select(m => (m.PlatformTimestamp, m.Author.Kind.SpeaksForBrand())), now);
        return new ThreadView(thread.Id, thread.Channel, thread.Visibility, thread.ThreadKey, thread.OpenedAt, messages, clock);
    }

    public static ConversationSummary Summary(ConversationState state)
    {
        var preview = state.LastMessage?.Text;
        if (preview is { Length: > 140 }) preview = preview[..140];
        return new ConversationSummary(state.Id, state.Tenant!, state.CustomerId, state.Status, state.Priority,
            state.Threads.Select(t => t.Channel).Distinct().ToList(), state.MessageCount,
            state.CreatedAt, state.UpdatedAt, preview, state.Assignee);
    }
}
