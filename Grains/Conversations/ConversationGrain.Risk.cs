namespace Engine.Conversations;

using Engine.Insight;

/// <summary>
/// The risk side of a conversation: a customer's message is scored when it arrives (pure CPU with the tenant's cached
/// scorer), scored again when its engagement grows, and a high-risk one is reported to the tenant's early warning.
/// </summary>
public sealed partial class ConversationGrain
{
    /// <summary>The customer message's risk; none for the brand's own messages and for a message already stored.</summary>
    private async ValueTask<RiskAssessment?> Score(InboundMessage message)
    {
        if (message.Author.Kind.SpeaksForBrand() || _state.TryFindMessage(message.Channel, message.PlatformMessageId, out _)) return null;
        return (await risk.Scorer(message.Tenant)).Score(message.Text, message.Influence);
    }

    /// <summary>High-risk messages go to the early-warning detector (topic clusters); one-way, it must not slow the ingest path.</summary>
    private async Task WatchRisk(InboundMessage message, RiskAssessment assessment)
    {
        if (assessment.Keywords.Count == 0 || assessment.Score < (await risk.Alerts(message.Tenant)).HighRiskAt) return;
        GrainFactory.GetGrain<IEarlyWarningGrain>(message.Tenant)
            .ObserveRisk(_state.Id, message.PlatformMessageId, message.PlatformTimestamp, assessment.Score, assessment.Keywords)
            .Ignore();
    }

    public async Task<CommandOutcome> RecordEngagement(string tenant, ChannelKind channel, string platformMessageId, EngagementVelocity velocity)
    {
        if (!BelongsTo(tenant)) return NotFound();
        if (_state.Message(channel, platformMessageId) is not { } stored)
            return CommandOutcome.Fail(CommandErrorKind.NotFound, "No such message in this conversation.", "platformMessageId");
        var waitingBefore = _state.IsActive && _state.QueueId is not null && _state.Assignee is null;
        // Scoring again needs the message's text, which the state may have left to the log.
        var decideOn = ConversationState.IsTextInStore(stored.Message) ? await FullState() : _state;
        var events = ConversationDecisions.Rescore(decideOn, channel, platformMessageId, await risk.Scorer(tenant), velocity, clock.GetUtcNow());
        _pendingReprioritise |= waitingBefore && events.Any(e => e is PriorityChanged);
        await Commit(events);
        return new CommandOutcome(_state.Version);
    }
}
