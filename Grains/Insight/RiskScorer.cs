namespace Engine.Insight;

using System.Globalization;
using Engine.Conversations;
using Engine.Insight.Vader;
using Engine.Listening;

/// <summary>
/// Scores an inbound message's risk in [0, 100] from its sentiment, its author's reach, how fast it gathers
/// engagement and the tenant's keyword categories, and derives the conversation's priority. Pure and thread-safe.
/// </summary>
public sealed class RiskScorer(RiskPolicy policy, SentimentAnalyzer sentiment)
{
    /// <summary>A clearly negative message (compound −1) adds up to this many points.</summary>
    public const double SentimentPoints = 40;

    /// <summary>Reach counts from 1,000 followers on a log scale: 10k → 8, 100k → 16, 1M and more → 24.</summary>
    public const double InfluencePointsPerDecade = 8;
    public const double MaxInfluencePoints = 24;
    public const double VerifiedPoints = 6;

    /// <summary>Weighted engagement per minute on a log scale: 1/min → 2.4, 10 → 8.3, 100 → 16, capped at 20.</summary>
    public const double EngagementPointsPerDecade = 8;
    public const double MaxEngagementPoints = 20;

    private readonly KeywordRules _keywords = new(policy.Categories);

    public RiskScorer(RiskPolicy policy) : this(policy, SentimentAnalyzer.Default)
    {
    }

    public RiskPolicy Policy => policy;

    public RiskAssessment Score(string text, AuthorInfluence? author = null, EngagementVelocity? engagement = null) =>
        Score(text, PostText.Of(text), author, engagement);

    /// <param name="tokens">The text already normalised (listening does it once per post).</param>
    public RiskAssessment Score(string text, PostText tokens, AuthorInfluence? author = null, EngagementVelocity? engagement = null)
    {
        var scores = sentiment.Score(text);
        var reasons = new List<RiskReason>(4);
        var floor = Priority.Low;

        // Only negativity is risk; a positive message adds nothing (−0.05 is VADER's usual neutral band).
        if (scores.Compound <= -0.05)
            reasons.Add(new("sentiment", -scores.Compound * SentimentPoints, $"negative {Format(scores.Compound)}"));

        if (author is { } a)
        {
            var reach = a.Followers >= 1_000 ? Math.Min(MaxInfluencePoints, (Math.Log10(a.Followers) - 3) * InfluencePointsPerDecade) : 0;
            var points = reach + (a.Verified ? VerifiedPoints : 0);
            if (points > 0)
                reasons.Add(new("author", points, $"{(a.Verified ? "verified " : "")}author {Followers(a.Followers)} followers"));
        }

        if (engagement is { } e && e.Weighted > 0)
        {
            var points = Math.Min(MaxEngagementPoints, Math.Log10(1 + e.Weighted) * EngagementPointsPerDecade);
            if (points >= 1)
                reasons.Add(new("engagement", points, $"engagement {e.Weighted.ToString("0.#", CultureInfo.InvariantCulture)}/min"));
        }

        var keywords = new List<string>();
        foreach (var (category, term) in _keywords.Match(tokens))
        {
            reasons.Add(new($"keyword:{category.Name}", category.Weight, $"'{term}'"));
            keywords.Add(term);
            if (category.AtLeast is { } least && least > floor)
                floor = least;
        }

        var score = Math.Clamp(reasons.Sum(r => r.Points), 0, 100);
        reasons.Sort((x, y) => y.Points.CompareTo(x.Points));
        return new RiskAssessment(Math.Round(score, 1), PriorityOf(score, scores, floor), scores, reasons, keywords);
    }

    private Priority PriorityOf(double score, SentimentScores scores, Priority floor)
    {
        var byScore = score >= policy.UrgentAt ? Priority.Urgent
            : score >= policy.HighAt ? Priority.High
            // Low only for a message with nothing risky in it that reads positive (a thank-you).
            : score < policy.LowBelow && scores.Compound >= 0.3 ? Priority.Low
            : Priority.Normal;
        return byScore > floor ? byScore : floor;
    }

    private static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Followers(long count) => count switch
    {
        >= 1_000_000 => (count / 1_000_000d).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (count / 1_000d).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => count.ToString(CultureInfo.InvariantCulture),
    };
}
