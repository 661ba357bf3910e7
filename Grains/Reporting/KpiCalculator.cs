namespace Engine.Reporting;

using Engine.Conversations;

/// <summary>
/// KPIs from conversations as their events fold them. A message counts in the range by its platform time; a
/// conversation's first response counts when its first customer message lies in the range, each next response
/// when the wait it ends began there. Conversation-level figures go to the group of the conversation's first thread.
/// </summary>
public static class KpiCalculator
{
    public static KpiReport Report(string tenant, IEnumerable<ConversationView> conversations, DateTimeOffset from, DateTimeOffset to,
        KpiGrouping grouping)
    {
        var groups = new Dictionary<string, Tally>(StringComparer.Ordinal);
        Tally For(string key) => groups.TryGetValue(key, out var t) ? t : groups[key] = new Tally();
        bool InRange(DateTimeOffset at) => at >= from && at < to;

        foreach (var conversation in conversations)
        {
            if (conversation.Threads.Count == 0) continue;
            var home = For(Key(conversation.Threads[0], grouping));
            var active = false;
            foreach (var thread in conversation.Threads)
            {
                var tally = For(Key(thread, grouping));
                var messages = thread.Messages;
                for (var i = 0; i < messages.Count; i++)
                {
                    if (!InRange(messages[i].PlatformTimestamp)) continue;
                    active = true;
                    if (messages[i].Direction == MessageDirection.Outbound) { tally.Out++; tally.CountReply(messages[i]); continue; }
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
            if (active) home.Conversations++;
        }

        var rows = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value.Row(g.Key)).ToList();
        return new KpiReport(tenant, from, to, grouping, rows);
    }

    private static string Key(ThreadView thread, KpiGrouping grouping) => grouping switch
    {
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

    private sealed class Tally
    {
        public int Conversations, In, Out, InAnswered, WithCustomer, Answered, Resolved, Reopened, Handoffs;
        public int CannedUnedited, CannedEdited, Personal;

        /// <summary>Agents' replies only: bot and system messages are neither canned nor personal.</summary>
        public void CountReply(MessageView message)
        {
            if (message.Author.Kind != AuthorKind.Agent) return;
            if (message.Canned is null) Personal++;
            else if (message.Canned.Unedited) CannedUnedited++;
            else CannedEdited++;
        }
        public List<TimeSpan> FirstResponses { get; } = [];
        public List<TimeSpan> NextResponses { get; } = [];

        public KpiRow Row(string group) => new(group, Conversations, In, Out, InAnswered, Share(InAnswered, In),
            WithCustomer, Answered, Share(Answered, WithCustomer),
            Percentile(FirstResponses, 50), Percentile(FirstResponses, 90), Percentile(NextResponses, 50), Percentile(NextResponses, 90),
            Resolved, Reopened, Share(Reopened, Resolved), Handoffs, CannedUnedited, CannedEdited, Personal);

        private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

        /// <summary>Nearest-rank percentile.</summary>
        private static TimeSpan? Percentile(List<TimeSpan> values, int p)
        {
            if (values.Count == 0) return null;
            var sorted = values.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }
}
