namespace Engine.Conversations;

/// <summary>
/// Metrics of what a commit stored: the brand-wait a brand answer ended (first or next response) and the approval
/// path's drafts and decisions. Called from <see cref="Append"/> after the write, so only stored facts are counted.
/// </summary>
public sealed partial class ConversationGrain
{
    /// <summary>The answered waits before the events are folded, or null when no brand message is among them
    /// (sorting a long conversation's turns costs; only an answer can end a wait).</summary>
    private List<BrandWaitClock.Wait>? WaitsBefore(IReadOnlyList<ConversationEvent> events) =>
        events.Any(e => e is MessageAdded m && m.Author.Kind.SpeaksForBrand()) ? AnsweredWaits() : null;

    private void RecordCommitted(IReadOnlyList<ConversationEvent> events, List<BrandWaitClock.Wait>? waitsBefore)
    {
        var tenant = _state.Tenant!;
        if (waitsBefore is not null)
        {
            var known = waitsBefore.ToHashSet();
            var after = AnsweredWaits();
            var answers = events.OfType<MessageAdded>().Where(m => m.Author.Kind.SpeaksForBrand()).ToList();
            for (var i = 0; i < after.Count; i++)
            {
                if (known.Contains(after[i])) continue;
                // The answer that ended this wait names the thread (channel, visibility) it was given on.
                var answer = answers.Find(m => m.PlatformTimestamp == after[i].AnsweredAt) ?? answers[0];
                if (_state.Thread(answer.ThreadId) is { } thread)
                    ConversationMetrics.Response(i == 0, after[i].AnsweredAt - after[i].Since, tenant, thread);
            }
        }
        foreach (var e in events)
        {
            switch (e)
            {
                case ReplyDrafted d when _state.Thread(d.ThreadId) is { } thread:
                    ConversationMetrics.Draft("held", tenant, thread);
                    break;
                case DraftApproved a when _state.Draft(a.DraftId) is { } draft && _state.Thread(draft.Drafted.ThreadId) is { } thread:
                    ConversationMetrics.Draft("approved", tenant, thread, a.At - draft.Drafted.At);
                    break;
                case DraftRejected r when _state.Draft(r.DraftId) is { } draft && _state.Thread(draft.Drafted.ThreadId) is { } thread:
                    ConversationMetrics.Draft("rejected", tenant, thread, r.At - draft.Drafted.At);
                    break;
            }
        }
    }

    private List<BrandWaitClock.Wait> AnsweredWaits() => BrandWaitClock.Waits(ConversationDecisions.SlaTurns(_state)).ToList();
}
