namespace Engine.Insight;

using Engine.Conversations;

/// <summary>A platform's engagement counters for one post at one instant (likes, reposts, replies so far).</summary>
[GenerateSerializer, Alias("engine.EngagementUpdate")]
public sealed record EngagementUpdate(
    [property: Id(0)] ChannelKind Channel,
    [property: Id(1)] string PlatformMessageId,
    [property: Id(2)] EngagementSample Sample);

/// <summary>What the detector made of an engagement update: the post's velocity now, and the alert it raised, if any.</summary>
[GenerateSerializer, Alias("engine.EngagementObservation")]
public sealed record EngagementObservation(
    [property: Id(0)] EngagementVelocity Velocity,
    [property: Id(1)] EarlyWarningAlert? Alert);

/// <summary>
/// A tenant's early-warning detector: engagement updates and high-risk messages go in, spikes and topic clusters go
/// out to the supervisor feed and the alert metric. Key: tenant id. Its windows are soft state (minutes long), so
/// they are not persisted; an alert is published under a stable key, so a re-raised one is stored once.
/// </summary>
[Alias("engine.IEarlyWarningGrain")]
public interface IEarlyWarningGrain : IGrainWithStringKey
{
    Task<EngagementObservation> ObserveEngagement(EngagementUpdate update);

    /// <param name="topics">The message's risk keywords (a topic each).</param>
    Task ObserveRisk(Guid conversationId, string postId, DateTimeOffset at, double score, IReadOnlyList<string> topics);
}
