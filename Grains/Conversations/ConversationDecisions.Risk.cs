namespace Engine.Conversations;

using Engine.Insight;

/// <summary>
/// How risk sets a conversation's priority. The first customer message of a conversation sets it (a thank-you may
/// make it Low); after that a message's risk only raises it, never lowers it, so an SLA raise or an earlier
/// high-risk message is not undone by a calmer follow-up.
/// </summary>
public static partial class ConversationDecisions
{
    public const string RiskActor = "risk";

    /// <summary>A rescoring smaller than this (in points) with the same priority is not worth an event.</summary>
    public const double RescoreThreshold = 1;

    public static PriorityChanged? PriorityForRisk(ConversationState state, RiskAssessment risk, DateTimeOffset now)
    {
        if (risk.Priority == state.Priority) return null;
        // Lowering is for the first customer message only (checked last: it looks through the messages).
        if (risk.Priority < state.Priority
            && state.Started && state.Threads.Any(t => t.Messages.Any(m => !m.Message.Author.Kind.SpeaksForBrand())))
            return null;
        return new PriorityChanged(now, state.Priority, risk.Priority, RiskActor, RiskReason(risk));
    }

    /// <summary>
    /// Scores a stored customer message again with its engagement velocity. Events only when the score moved by at
    /// least <see cref="RescoreThreshold"/> or its priority changed; the conversation's priority may rise with it.
    /// </summary>
    public static IReadOnlyList<ConversationEvent> Rescore(ConversationState state, ChannelKind channel, string platformMessageId,
        RiskScorer scorer, EngagementVelocity velocity, DateTimeOffset now)
    {
        if (state.Message(channel, platformMessageId) is not { } stored || stored.Message.Author.Kind.SpeaksForBrand()) return [];
        var message = stored.Message;
        if (ConversationState.IsTextInStore(message))
            throw new InvalidOperationException($"Conversation {state.Id}: the text of {platformMessageId} is in the store; use a full fold.");
        var risk = scorer.Score(message.Text, message.Influence, velocity);
        if (message.Risk is { } old && Math.Abs(old.Score - risk.Score) < RescoreThreshold && old.Priority == risk.Priority) return [];
        var events = new List<ConversationEvent> { new MessageRiskChanged(now, message.ThreadId, platformMessageId, risk, velocity) };
        if (state.IsActive && risk.Priority > state.Priority)
            events.Add(new PriorityChanged(now, state.Priority, risk.Priority, RiskActor, RiskReason(risk)));
        return events;
    }

    private static string RiskReason(RiskAssessment risk) =>
        risk.Reasons.Count == 0 ? FormattableString.Invariant($"risk {risk.Score:0.#}")
            : FormattableString.Invariant($"risk {risk.Score:0.#}: {risk.Summary}");
}
