namespace Engine.Conversations;

using Engine.Sla;

/// <summary>The SLA rules of a conversation: which turns count, when a target warns or breaches, and what that does.</summary>
public static partial class ConversationDecisions
{
    public const string SlaActor = "sla";

    /// <summary>What an SLA check found: the events to record, the queue to move to (if a policy says so), the next instant
    /// anything is due, and where each target stands.</summary>
    public sealed record SlaCheck(IReadOnlyList<ConversationEvent> Events, string? RequeueTo, DateTimeOffset? NextDue,
        IReadOnlyList<SlaTargetStatus> Statuses)
    {
        public static readonly SlaCheck None = new([], null, null, []);
    }

    /// <summary>
    /// Who spoke when, for brand-wait. Once the customer wrote privately after an invitation, their later messages on the
    /// handed-off public thread no longer start waits: the conversation moved to private, and the private thread's clock runs.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset At, bool ByBrand)> SlaTurns(ConversationState state)
    {
        var counts = CountsForBrandWait(state);
        return state.Threads
            .SelectMany(t => t.Messages.Where(m => counts(t, m.Message)).Select(m => (m.Message, m.Sequence)))
            .OrderBy(x => x.Message.PlatformTimestamp).ThenBy(x => x.Sequence)
            .Select(x => (x.Message.PlatformTimestamp, x.Message.Author.Kind.SpeaksForBrand()))
            .ToList();
    }

    /// <summary>Whether a message counts for brand-wait: all do, except a customer's public messages on a handed-off thread
    /// (from the invitation on) once the customer has written privately after it.</summary>
    public static Func<ThreadState, MessageAdded, bool> CountsForBrandWait(ConversationState state)
    {
        if (state.PrivateInvites.Count == 0) return static (_, _) => true;
        var handedOff = new Dictionary<int, DateTimeOffset>();
        foreach (var invite in state.PrivateInvites)
            handedOff.TryAdd(invite.PublicThreadId, invite.At);
        var firstInvite = handedOff.Values.Min();
        var moved = state.Threads.Where(t => t.Visibility == Visibility.Private).SelectMany(t => t.Messages)
            .Any(m => !m.Message.Author.Kind.SpeaksForBrand() && m.Message.PlatformTimestamp >= firstInvite);
        if (!moved) return static (_, _) => true;
        return (thread, message) => message.Author.Kind.SpeaksForBrand()
            || !handedOff.TryGetValue(thread.Id, out var invitedAt) || message.PlatformTimestamp < invitedAt;
    }

    /// <summary>
    /// Evaluates the policy at <paramref name="now"/> and records each warning and breach once per target and wait (a
    /// next-response target once per customer wait; first response and resolution once), with the policy's actions.
    /// A breach found without its warning (the conversation was asleep) records the breach only.
    /// </summary>
    public static SlaCheck CheckSla(ConversationState state, SlaEvaluator? evaluator, DateTimeOffset now)
    {
        if (evaluator is null || !state.Started) return SlaCheck.None;
        var policy = evaluator.Policy;
        var turns = SlaTurns(state);
        var statuses = evaluator.Evaluate(turns, now, state.ResolvedAt);
        var waitSince = state.ResolvedAt is null ? BrandWaitClock.Measure(turns, now).WaitingSince : null;
        var events = new List<ConversationEvent>();
        var actions = new List<(SlaAction Action, string Why)>();
        foreach (var s in statuses)
        {
            var key = s.Target == SlaTarget.NextResponse ? waitSince : null;
            // A next response between waits was checked while its wait ran; nothing new can be found then.
            if (s.Target == SlaTarget.NextResponse && key is null) continue;
            if (s.State == SlaState.Breached && !state.SlaHistory.OfType<SlaBreached>().Any(b => b.Target == s.Target && b.WaitSince == key))
            {
                events.Add(new SlaBreached(now, policy.Name, s.Target, s.Goal, s.Counted, s.MissedBy ?? s.Counted - s.Goal, key));
                actions.AddRange((policy.OnBreach ?? []).Select(a => (a, $"{Words(s.Target)} breached")));
            }
            else if (s.State == SlaState.Warning && !state.SlaHistory.OfType<SlaWarned>().Any(w => w.Target == s.Target && w.WaitSince == key))
            {
                events.Add(new SlaWarned(now, policy.Name, s.Target, s.Goal, s.Counted, key));
                actions.AddRange((policy.OnWarning ?? []).Select(a => (a, $"{Words(s.Target)} warning")));
            }
        }

        var priority = state.Priority;
        var labels = new HashSet<string>(state.Labels, StringComparer.Ordinal);
        string? requeueTo = null;
        foreach (var (action, why) in actions)
        {
            switch (action.Kind)
            {
                case SlaActionKind.RaisePriority when priority < Priority.Urgent:
                    events.Add(new PriorityChanged(now, priority, priority + 1, SlaActor, why));
                    priority++;
                    break;
                case SlaActionKind.AddLabel when action.Argument is { Length: > 0 } label && labels.Add(label):
                    events.Add(new LabelAdded(now, label, SlaActor));
                    break;
                case SlaActionKind.NotifySupervisors:
                    events.Add(new SupervisorsNotified(now, $"{policy.Name}: {why}"));
                    break;
                case SlaActionKind.Requeue when action.Argument is { Length: > 0 } queue:
                    requeueTo = queue;
                    break;
            }
        }
        return new SlaCheck(events, requeueTo, SlaEvaluator.NextDue(statuses, now), statuses);
    }

    private static string Words(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => "first response",
        SlaTarget.NextResponse => "next response",
        _ => "resolution",
    };

    /// <summary>A snooze that is due ends (the conversation is open again); a conversation pending on the customer
    /// for longer than the tenant allows resolves itself.</summary>
    public static IReadOnlyList<ConversationEvent> WakeUp(ConversationState state, TimeSpan? autoResolveAfter, DateTimeOffset now)
    {
        if (state.SnoozedUntil is { } until && until <= now)
            return [new StatusChanged(now, ConversationStatus.Snoozed, ConversationStatus.Open, SlaActor, "snooze ended")];
        if (AutoResolveAt(state, autoResolveAfter) is { } at && at <= now)
            return [new StatusChanged(now, ConversationStatus.Pending, ConversationStatus.Resolved, SlaActor, "auto-resolved: no reply from the customer")];
        return [];
    }

    public static DateTimeOffset? AutoResolveAt(ConversationState state, TimeSpan? autoResolveAfter) =>
        autoResolveAfter is { } after && state.PendingSince is { } since ? since + after : null;
}
