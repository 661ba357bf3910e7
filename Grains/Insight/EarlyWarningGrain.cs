namespace Engine.Insight;

using Engine.Feed;

/// <summary>
/// Runs one <see cref="EarlyWarningDetector"/> per tenant (options from the tenant's risk settings; a change of
/// options starts a fresh detector) and publishes what it raises to the supervisor feed. The detector's windows are
/// minutes long and rebuilt by the next updates, so they are not persisted.
/// </summary>
public sealed class EarlyWarningGrain(RiskDirectory risk) : Grain, IEarlyWarningGrain
{
    private EarlyWarningDetector? _detector;
    private EarlyWarningOptions? _options;

    public async Task<EngagementObservation> ObserveEngagement(EngagementUpdate update)
    {
        var detector = await Detector();
        var postId = PostKey(update.Channel, update.PlatformMessageId);
        var alert = detector.ObserveEngagement(postId, update.Sample);
        if (alert is not null)
        {
            alert = alert with { Subject = update.PlatformMessageId, PostIds = [update.PlatformMessageId] };
            await Publish(alert, null);
        }
        return new EngagementObservation(detector.Velocity(postId), alert);
    }

    public async Task ObserveRisk(Guid conversationId, string postId, DateTimeOffset at, double score, IReadOnlyList<string> topics)
    {
        foreach (var alert in (await Detector()).ObserveRisk(postId, at, score, topics))
            await Publish(alert, conversationId);
    }

    private async ValueTask<EarlyWarningDetector> Detector()
    {
        var options = await risk.Alerts(this.GetPrimaryKeyString());
        if (_detector is null || options != _options)
            (_detector, _options) = (new EarlyWarningDetector(options), options);
        return _detector;
    }

    /// <summary>The key names the alert's kind, subject and first post, so the same spike published twice is stored once.</summary>
    private Task Publish(EarlyWarningAlert alert, Guid? conversationId)
    {
        var reason = alert.Kind == EarlyWarningKind.EngagementSpike ? "engagement-spike" : "topic-cluster";
        var text = alert.Kind == EarlyWarningKind.EngagementSpike
            ? $"Post {alert.Subject} is spiking: {alert.Reason}"
            : $"Topic '{alert.Subject}': {alert.Reason} (posts {string.Join(", ", alert.PostIds)})";
        return GrainFactory.GetGrain<ISupervisorFeedGrain>(this.GetPrimaryKeyString())
            .Publish("early-warning", $"early-warning:{reason}:{alert.Subject}:{alert.PostIds[0]}", conversationId, text, reason);
    }

    private static string PostKey(Engine.Conversations.ChannelKind channel, string platformMessageId) => $"{channel}:{platformMessageId}";
}
