namespace Engine.Reporting;

using Engine.Conversations;

/// <summary>
/// KPIs from conversations as their events fold them. A message counts in the range by its platform time; a
/// conversation's first response counts when its first customer message lies in the range, each next response
/// when the wait it ends began there. Conversation-level figures go to the group of the conversation's first thread;
/// by queue, everything goes to the conversation's queue; by agent, an agent's outbound message goes to its author and
/// a draft to its drafter, everything else (customer messages, response times, resolutions, SLA) to the assignee.
/// SLA compliance counts the conversations active in the range whose target was decided: met, or breached (state or
/// any recorded breach event). Approval wait counts drafts decided in the range.
/// </summary>
public static class KpiCalculator
{
    public static KpiReport Report(string tenant, IEnumerable<ConversationView> conversations, DateTimeOffset from, DateTimeOffset to,
        KpiGrouping grouping)
    {
        var groups = new Dictionary<string, KpiTally>(StringComparer.Ordinal);
        KpiTally For(string key) => groups.TryGetValue(key, out var t) ? t : groups[key] = new KpiTally();
        bool InRange(DateTimeOffset at) => at >= from && at < to;

        foreach (var conversation in conversations)
        {
            if (conversation.Threads.Count == 0) continue;
            var home = For(HomeKey(conversation, grouping));
            var active = false;
            foreach (var thread in conversation.Threads)
            {
                var tally = For(Key(conversation, thread, grouping));
                var messages = thread.Messages;
                for (var i = 0; i < messages.Count; i++)
                {
                    if (!InRange(messages[i].PlatformTimestamp)) continue;
                    active = true;
                    if (messages[i].Direction == MessageDirection.Outbound)
                    {
                        var sender = grouping == KpiGrouping.Agent && messages[i].Author.Kind == AuthorKind.Agent
                            ? For(messages[i].Author.Identity) : tally;
                        sender.Out++;
                        sender.CountReply(messages[i]);
                        continue;
                    }
                    tally.In++;
                    if (messages.Skip(i + 1).Any(m => m.Direction == MessageDirection.Outbound)) tally.InAnswered++;
                }
            }

            var customerTurns = conversation.Threads.SelectMany(t => t.Messages).Where(m => m.Direction == MessageDirection.Inbound)
                .Select(m => m.PlatformTimestamp).Order().ToList();
            if (customerTurns.Count > 0 && customerTurns.Any(InRange))
            {
                home.WithCustomer++;
                if (conversation.Threads.Any(t => t.Messages.Any(m => m.Direction == MessageDirection.Outbound))) home.Answered++;
            }
            if (conversation.Clock.FirstResponse is { } first && customerTurns.Count > 0 && InRange(customerTurns[0]))
                home.FirstResponses.Add(first);
            home.NextResponses.AddRange(NextResponsesStartingIn(conversation, InRange));

            foreach (var change in conversation.StatusHistory.Where(s => InRange(s.At)))
            {
                if (change.To == ConversationStatus.Resolved) { home.Resolved++; active = true; }
                if (change.From == ConversationStatus.Resolved && change.To == ConversationStatus.Open) home.Reopened++;
            }
            if (IsHandoff(conversation, InRange)) home.Handoffs++;
            foreach (var draft in conversation.Drafts ?? [])
                if (draft.DecidedAt is { } decided && InRange(decided))
                    For(DraftKey(conversation, draft, grouping)).CountDecision(draft.Status, decided - draft.DraftedAt);
            if (!active) continue;
            home.Conversations++;
            home.CountSla(conversation);
        }

        var rows = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.Row(g.Key)).ToList();
        return new KpiReport(tenant, from, to, grouping, rows);
    }

    private static string HomeKey(ConversationView conversation, KpiGrouping grouping) =>
        Key(conversation, conversation.Threads[0], grouping);

    private static string DraftKey(ConversationView conversation, DraftView draft, KpiGrouping grouping) => grouping switch
    {
        KpiGrouping.Agent => draft.AgentId,
        _ => Key(conversation, conversation.Threads.FirstOrDefault(t => t.ThreadId == draft.ThreadId) ?? conversation.Threads[0], grouping),
    };

    private static string Key(ConversationView conversation, ThreadView thread, KpiGrouping grouping) => grouping switch
    {
        KpiGrouping.Queue => conversation.QueueId ?? "none",
        KpiGrouping.Agent => conversation.Assignee ?? "unassigned",
        KpiGrouping.Channel => thread.Channel.ToString().ToLowerInvariant(),
        KpiGrouping.Visibility => thread.Visibility.ToString().ToLowerInvariant(),
        _ => "all",
    };

    /// <summary>A private thread opened after a public one in the same conversation: the customer moved to private.</summary>
    private static bool IsHandoff(ConversationView conversation, Func<DateTimeOffset, bool> inRange)
    {
        var firstPublic = conversation.Threads.Where(t => t.Visibility == Visibility.Public).Select(t => (DateTimeOffset?)t.OpenedAt).Min();
        return firstPublic is { } opened && conversation.Threads.Any(t =>
            t.Visibility == Visibility.Private && t.OpenedAt >= opened && inRange(t.OpenedAt));
    }

    /// <summary>Next responses (every answered wait after the first) whose wait began in the range.</summary>
    private static IEnumerable<TimeSpan> NextResponsesStartingIn(ConversationView conversation, Func<DateTimeOffset, bool> inRange) =>
        BrandWaitClock.Waits(conversation.Threads.SelectMany(t => t.Messages)
                .OrderBy(m => m.PlatformTimestamp).ThenBy(m => m.Sequence)
                .Select(m => (m.PlatformTimestamp, m.Direction == MessageDirection.Outbound)))
            .Skip(1).Where(w => inRange(w.Since)).Select(w => w.AnsweredAt - w.Since);
}
