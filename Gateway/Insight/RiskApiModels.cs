namespace Engine.Gateway.Insight;

using Engine.Conversations;
using Engine.Insight;

/// <summary>A tenant's risk settings as the API reads and writes them: keyword categories, priority thresholds, alerts.</summary>
public sealed record RiskSettingsBody(
    IReadOnlyList<KeywordCategoryBody>? Categories,
    double? HighAt = null,
    double? UrgentAt = null,
    double? LowBelow = null,
    EarlyWarningBody? Alerts = null)
{
    public static RiskSettingsBody From(TenantRiskSettings s) => new(
        s.Policy.Categories.Select(c => new KeywordCategoryBody(c.Name, c.Terms, c.Weight, c.AtLeast)).ToList(),
        s.Policy.HighAt, s.Policy.UrgentAt, s.Policy.LowBelow,
        new EarlyWarningBody(s.Alerts.SpikePerMinute, s.Alerts.SpikeWindowOrDefault.TotalMinutes, s.Alerts.ClusterSize,
            s.Alerts.ClusterWindowOrDefault.TotalMinutes, s.Alerts.HighRiskAt));
}

/// <param name="Terms">Words, "two word" phrases, or <c>prefix*</c>; matched on whole words, case-insensitively.</param>
/// <param name="AtLeast">A priority a match lifts the conversation to at least.</param>
public sealed record KeywordCategoryBody(string? Name, IReadOnlyList<string>? Terms, double? Weight, Priority? AtLeast = null);

/// <param name="SpikePerMinute">Weighted engagement per minute (likes + 3×reposts + 2×replies) that counts as a spike.</param>
/// <param name="ClusterSize">High-risk posts sharing a keyword within the cluster window that raise an alert.</param>
/// <param name="HighRiskAt">The risk score from which a post counts towards a cluster.</param>
public sealed record EarlyWarningBody(
    double? SpikePerMinute = null,
    double? SpikeWindowMinutes = null,
    int? ClusterSize = null,
    double? ClusterWindowMinutes = null,
    double? HighRiskAt = null);

/// <summary>A platform's engagement counters for one post, as observed at one instant (totals so far, not increments).</summary>
public sealed record EngagementRequest(
    ChannelKind? Channel,
    string? PlatformMessageId,
    long? Likes,
    long? Reposts,
    long? Replies,
    DateTimeOffset? ObservedAt);

/// <param name="ConversationId">The conversation holding the post, when the engine has it; its message was scored again.</param>
public sealed record EngagementResponse(
    EngagementVelocityBody Velocity,
    EarlyWarningAlert? Alert,
    Guid? ConversationId,
    Priority? Priority);

public sealed record EngagementVelocityBody(double LikesPerMinute, double RepostsPerMinute, double RepliesPerMinute, double Weighted)
{
    public static EngagementVelocityBody From(EngagementVelocity v) => new(v.LikesPerMinute, v.RepostsPerMinute, v.RepliesPerMinute, v.Weighted);
}
