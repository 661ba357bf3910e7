namespace Engine.Insight;

[GenerateSerializer, Alias("engine.EarlyWarningKind")]
public enum EarlyWarningKind
{
    /// <summary>One post gathers engagement faster than the threshold.</summary>
    EngagementSpike,

    /// <summary>Several high-risk posts on one topic (keyword) within the window.</summary>
    TopicCluster,
}

/// <summary>An early warning for the supervisors' feed: what, about which post or topic, why, and the posts involved.</summary>
[GenerateSerializer, Alias("engine.EarlyWarningAlert")]
public sealed record EarlyWarningAlert(
    [property: Id(0)] EarlyWarningKind Kind,
    [property: Id(1)] string Subject,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason,
    [property: Id(4)] IReadOnlyList<string> PostIds);

/// <summary>When to warn: an engagement rate over a window, or a count of high-risk posts per topic over a window.</summary>
[GenerateSerializer, Alias("engine.EarlyWarningOptions")]
public sealed record EarlyWarningOptions(
    [property: Id(0)] double SpikePerMinute = 50,
    [property: Id(1)] TimeSpan? SpikeWindow = null,
    [property: Id(2)] int ClusterSize = 3,
    [property: Id(3)] TimeSpan? ClusterWindow = null,
    [property: Id(4)] double HighRiskAt = 40)
{
    public TimeSpan SpikeWindowOrDefault => SpikeWindow ?? TimeSpan.FromMinutes(10);

    public TimeSpan ClusterWindowOrDefault => ClusterWindow ?? TimeSpan.FromMinutes(30);
}
