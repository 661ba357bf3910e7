namespace Engine.Tests.Insight;

using Engine.Conversations;
using Engine.Insight;
using Engine.Replay;
using Xunit.Abstractions;

/// <summary>The scorer on real customer text: the customer tweets of the twcs slice (text only, no reach or engagement).</summary>
public sealed class TwcsRiskTests(ITestOutputHelper output)
{
    private static readonly Lazy<List<(TwcsTweet Tweet, RiskAssessment Risk)>> Scored = new(() =>
    {
        var scorer = new RiskScorer(RiskPolicy.Default);
        return [.. TwcsReader.ReadFile(RepositoryPaths.TwcsCorpus).Where(t => t.Inbound).Select(t => (t, scorer.Score(t.Text)))];
    });

    [Fact]
    public void Customer_tweets_lean_negative_less_often_than_positive_and_a_third_read_neutral()
    {
        var compound = Scored.Value.Select(s => s.Risk.Sentiment.Compound).ToList();
        Assert.Equal(2_778, compound.Count);
        double Share(Func<double, bool> p) => compound.Count(p) / (double)compound.Count;
        // Measured: 28.0% negative, 30.1% neutral, 41.9% positive (VADER's ±0.05 bands).
        Assert.InRange(Share(c => c <= -0.05), 0.25, 0.31);
        Assert.InRange(Share(c => c is > -0.05 and < 0.05), 0.27, 0.33);
        Assert.InRange(Share(c => c >= 0.05), 0.39, 0.45);
    }

    [Fact]
    public void Few_tweets_are_escalated_and_the_riskiest_is_the_court_threat()
    {
        var scored = Scored.Value;
        Assert.All(scored, s => Assert.InRange(s.Risk.Score, 0, 100));
        var escalated = scored.Where(s => s.Risk.Priority >= Priority.High).ToList();
        foreach (var (tweet, risk) in escalated)
            output.WriteLine($"{risk.Score,5:0.0} {risk.Priority} {tweet.TweetId}: {risk.Summary} | {tweet.Text}");
        Assert.InRange(escalated.Count, 1, 28);   // at most 1% of the slice
        var riskiest = scored.MaxBy(s => s.Risk.Score);
        Assert.Equal("5098", riskiest.Tweet.TweetId);
        Assert.Equal(["court"], riskiest.Risk.Keywords);
        // The product names the default lists were tuned against do not escalate.
        Assert.DoesNotContain(scored, s => s.Tweet.Text.Contains("fire stick", StringComparison.OrdinalIgnoreCase) && s.Risk.Keywords.Count > 0);
    }
}
