namespace Engine.Conversations;

/// <summary>Builds what readers see (the view, the list line) from a conversation's state.</summary>
public static class ConversationProjection
{
    /// <summary>Where the SLA targets stand now under the evaluator's policy; null when no policy covers the conversation.</summary>
    public static SlaView? Sla(ConversationState state, Engine.Sla.SlaEvaluator? evaluator, DateTimeOffset now) =>
        evaluator is null ? null : new SlaView(evaluator.Policy.Name, ConversationDecisions.CheckSla(state, evaluator, now).Statuses);

    public static ConversationView View(ConversationState state, DateTimeOffset now, SlaView? sla = null)
    {
        if (!state.IsComplete) throw new InvalidOperationException($"Conversation {state.Id} is lean; view a full fold of its log.");
        var counts = ConversationDecisions.CountsForBrandWait(state);
        var handedOff = state.PrivateInvites.Select(i => i.PublicThreadId).ToHashSet();
        var threads = state.Threads.Select(t => Thread(t, now, counts, handedOff.Contains(t.Id), state.Deliveries)).ToList();
        var allTurns = ConversationDecisions.SlaTurns(state);
        return new ConversationView(
            state.Id, state.Tenant!, state.CustomerId, state.Status, state.Priority, state.Assignee,
            state.CreatedAt, state.UpdatedAt, state.LinkedFrom, threads,
            state.Notes.Select(n => new NoteView(n.NoteId, n.AuthorId, n.Text, n.At)).ToList(),
            state.StatusHistory.Select(s => new StatusChangeView(s.From, s.To, s.By, s.Reason, s.At)).ToList(),
            BrandWaitClock.Measure(allTurns, now),
            state.Version, state.QueueId, state.Tier, state.RoutingHistory.Select(Routing).ToList(),
            sla, state.SlaHistory.Select(SlaEvent).ToList(), state.Labels.ToList(), state.SnoozedUntil,
            state.PrivateInvites.Select(i => new PrivateInviteView(i.PublicThreadId, i.Channel, i.AgentId, i.CaseReference, i.At)).ToList(),
            state.Drafts.Select(Draft).ToList(), state.LatestRisk, state.ListeningRules);
    }

    private static DraftView Draft(DraftState draft)
    {
        var d = draft.Drafted;
        var view = new DraftView(d.DraftId, d.Kind, d.ThreadId, d.AgentId, d.Text, d.Reasons, d.Reviewers, d.At, "pending");
        return draft.Decision switch
        {
            DraftApproved a => view with { Status = "approved", DecidedBy = a.ReviewerId, DecidedAt = a.At, ApprovedText = a.TextAfter, MessageId = a.MessageId },
            DraftRejected r => view with { Status = "rejected", DecidedBy = r.ReviewerId, DecidedAt = r.At, Comment = r.Comment },
            _ => view,
        };
    }

    private static SlaEventView SlaEvent(ConversationEvent e) => e switch
    {
        SlaWarned w => new("warning", w.Target, w.Goal, w.Counted, null, w.Policy, w.At),
        SlaBreached b => new("breach", b.Target, b.Goal, b.Counted, b.MissedBy, b.Policy, b.At),
        PriorityChanged p => new("priority", null, null, null, null, $"{p.From} -> {p.To}: {p.Reason}", p.At),
        SupervisorsNotified n => new("supervisors-notified", null, null, null, null, n.Reason, n.At),
        _ => throw new InvalidOperationException($"{e.GetType().Name} is not an SLA event."),
    };

    private static RoutingChangeView Routing(ConversationEvent e) => e switch
    {
        ConversationQueued q => new("queued", null, q.QueueId, null, q.By, q.Reason, q.At),
        ConversationAssigned a => new("assigned", a.AgentId, a.QueueId, null, a.By, a.Reason, a.At, a.How.ToString().ToLowerInvariant()),
        ConversationUnassigned u => new("unassigned", u.AgentId, null, null, u.By, u.Reason, u.At),
        ConversationEscalated x => new("escalated", null, null, x.ToTier, x.By, x.Reason, x.At),
        ThreadControlChanged c => new($"thread-control:{c.Kind.ToString().ToLowerInvariant()}", null, null, null, c.AppId ?? "platform", c.Metadata, c.At),
        _ => throw new InvalidOperationException($"{e.GetType().Name} is not a routing event."),
    };

    public static ThreadView Thread(ThreadState thread, DateTimeOffset now) => Thread(thread, now, static (_, _) => true, false, null);

    private static ThreadView Thread(ThreadState thread, DateTimeOffset now, Func<ThreadState, MessageAdded, bool> counts, bool handedOff,
        IReadOnlyDictionary<string, ConversationEvent>? deliveries)
    {
        var ordered = ThreadOrdering.Order(thread.Messages, m => m.Message.PlatformMessageId,
            m => m.Message.InReplyTo, m => m.Message.PlatformTimestamp);
        var messages = ordered.Select(m => new MessageView(
            m.Message.PlatformMessageId, m.Message.Author, m.Message.Author.Kind.Direction(), m.Message.Text,
            m.Message.PlatformTimestamp, m.Message.At, m.Message.InReplyTo, m.Message.Attachments, m.Sequence, m.Message.ApprovedBy, m.Message.Canned,
            Delivery(deliveries?.GetValueOrDefault(m.Message.PlatformMessageId)), m.Message.Risk)).ToList();
        var clock = BrandWaitClock.Measure(ordered.Where(m => counts(thread, m.Message))
            .Select(m => (m.Message.PlatformTimestamp, m.Message.Author.Kind.SpeaksForBrand())), now);
        var window = ConversationDecisions.ReplyWindow(thread, now);
        return new ThreadView(thread.Id, thread.Channel, thread.Visibility, thread.ThreadKey, thread.OpenedAt, messages, clock,
            new ReplyWindowView(window.Open, window.Until, window.Remaining(now), window.Rule), handedOff);
    }

    private static Engine.Delivery.DeliveryView? Delivery(ConversationEvent? e) => e switch
    {
        DeliveryQueued q => new("queued", 0, null, null, q.At),
        DeliverySent s => new("sent", s.Attempts, null, s.RemoteMessageId, s.At),
        DeliveryFailed f => new("failed", f.Attempts, f.Reason, null, f.At),
        _ => null,
    };

    public static ConversationSummary Summary(ConversationState state) =>
        new(state.Id, state.Tenant!, state.CustomerId, state.Status, state.Priority,
            state.Threads.Select(t => t.Channel).Distinct().ToList(), state.MessageCount,
            state.CreatedAt, state.UpdatedAt, Preview(state.LastMessage?.Text), state.Assignee, state.LatestRisk?.Score,
            state.ListeningRules is not null);

    /// <summary>The start of a message's text that a list line shows.</summary>
    public static string? Preview(string? text) => text is { Length: > 140 } ? text[..140] : text;
}
