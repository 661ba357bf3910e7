namespace Engine.Insight;

using Engine.Conversations;

/// <summary>Who wrote the post, from the channel payload.</summary>
[GenerateSerializer, Alias("engine.AuthorInfluence")]
public sealed record AuthorInfluence(
    [property: Id(0)] long Followers,
    [property: Id(1)] bool Verified = false);

/// <summary>A post's public engagement counters at one instant, as the platform's updates report them.</summary>
[GenerateSerializer, Alias("engine.EngagementSample")]
public sealed record EngagementSample(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] long Likes,
    [property: Id(2)] long Reposts,
    [property: Id(3)] long Replies);

/// <summary>How fast a post gathers engagement, per minute.</summary>
[GenerateSerializer, Alias("engine.EngagementVelocity")]
public sealed record EngagementVelocity(
    [property: Id(0)] double LikesPerMinute,
    [property: Id(1)] double RepostsPerMinute,
    [property: Id(2)] double RepliesPerMinute)
{
    public static readonly EngagementVelocity None = new(0, 0, 0);

    /// <summary>Reposts spread a post furthest and replies draw a crowd, so they weigh more than likes.</summary>
    public double Weighted => LikesPerMinute + 3 * RepostsPerMinute + 2 * RepliesPerMinute;

    /// <summary>The growth between two samples of one post; none when they are not in time order.</summary>
    public static EngagementVelocity Between(EngagementSample earlier, EngagementSample later)
    {
        var minutes = (later.At - earlier.At).TotalMinutes;
        if (minutes <= 0)
            return None;
        return new(Math.Max(0, later.Likes - earlier.Likes) / minutes, Math.Max(0, later.Reposts - earlier.Reposts) / minutes,
            Math.Max(0, later.Replies - earlier.Replies) / minutes);
    }
}

/// <summary>
/// A tenant's keyword category: terms (words, "quoted phrases" written plainly, or prefixes ending in *) that add
/// <see cref="Weight"/> to the risk, and optionally lift the priority to at least <see cref="AtLeast"/>.
/// </summary>
[GenerateSerializer, Alias("engine.KeywordCategory")]
public sealed record KeywordCategory(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<string> Terms,
    [property: Id(2)] double Weight,
    [property: Id(3)] Priority? AtLeast = null);

/// <summary>A tenant's risk settings: keyword categories and the score thresholds of each priority.</summary>
[GenerateSerializer, Alias("engine.RiskPolicy")]
public sealed record RiskPolicy(
    [property: Id(0)] IReadOnlyList<KeywordCategory> Categories,
    [property: Id(1)] double HighAt = 40,
    [property: Id(2)] double UrgentAt = 70,
    [property: Id(3)] double LowBelow = 5)
{
    /// <summary>
    /// Legal threats, safety, churn and press: what social care teams escalate first. Checked on the twcs corpus:
    /// bare "fire", "news", "media", "cancel*" and "burned" mostly meant Fire TV, ESPN News, "social media team",
    /// cancelled rides and "burned out", so those are phrases here.
    /// </summary>
    public static RiskPolicy Default { get; } = new(
    [
        new("legal", ["lawyer", "lawyers", "attorney", "sue", "suing", "lawsuit", "court", "legal action", "class action", "small claims"], 30, Priority.High),
        new("safety", ["caught fire", "on fire", "smoke", "exploded", "explosion", "burned my", "burnt my", "injury", "injured",
            "hospital", "unsafe", "dangerous", "poisoning", "choking", "electric shock"], 35, Priority.Urgent),
        new("churn", ["cancel my account", "cancel my subscription", "cancel my service", "cancel my contract", "cancel my membership",
            "close my account", "switching to", "switch to", "never again", "unsubscribe", "lost a customer", "youlostacustomer",
            "youlostanewcustomer"], 15),
        new("media", ["journalist*", "reporter*", "the press", "the media", "news story", "bbc", "cnn", "watchdog", "going viral"], 25, Priority.High),
    ]);
}

/// <summary>One reason a message got its risk, with what it added to the score and how an agent reads it.</summary>
[GenerateSerializer, Alias("engine.RiskReason")]
public sealed record RiskReason(
    [property: Id(0)] string Factor,
    [property: Id(1)] double Points,
    [property: Id(2)] string Text);

/// <summary>A message's risk in [0, 100], the priority it sets, and the reasons, most weighty first.</summary>
[GenerateSerializer, Alias("engine.RiskAssessment")]
public sealed record RiskAssessment(
    [property: Id(0)] double Score,
    [property: Id(1)] Priority Priority,
    [property: Id(2)] SentimentScores Sentiment,
    [property: Id(3)] IReadOnlyList<RiskReason> Reasons,
    [property: Id(4)] IReadOnlyList<string> Keywords)
{
    /// <summary>The reasons as agents see them: "negative -0.80; author 120k followers; 'lawyer'".</summary>
    public string Summary => string.Join("; ", Reasons.Select(r => r.Text));
}
