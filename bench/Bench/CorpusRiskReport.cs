namespace Engine.Bench;

using System.Globalization;
using Engine.Conversations;
using Engine.Insight;

/// <summary>
/// Scores the customer tweets of the twcs corpus (text only: the corpus has no follower counts or engagement)
/// and reports the distribution of VADER compound scores and risk scores, the priorities, and the riskiest tweets.
/// </summary>
public static class CorpusRiskReport
{
    public static object Run(string? corpus, int top, TextWriter output)
    {
        var tweets = TwcsCorpus.Read(corpus).Where(t => t.Inbound).ToList();
        var scorer = new RiskScorer(RiskPolicy.Default);
        var scored = tweets.Select(t => (Tweet: t, Risk: scorer.Score(t.Text))).ToList();
        var compound = scored.Select(s => s.Risk.Sentiment.Compound).ToList();
        var risk = scored.Select(s => s.Risk.Score).ToList();

        output.WriteLine($"customer tweets: {tweets.Count:N0}");
        output.WriteLine($"compound  deciles (min, 10%..90%, max): {Deciles(compound, "0.000")}");
        output.WriteLine($"compound  mean {compound.Average():0.000}; negative (≤ -0.05) {Share(compound, c => c <= -0.05)}, " +
            $"neutral {Share(compound, c => c is > -0.05 and < 0.05)}, positive (≥ 0.05) {Share(compound, c => c >= 0.05)}");
        output.WriteLine("compound  histogram (width 0.2):");
        Histogram(compound, -1, 1, 0.2, "0.0", output);
        output.WriteLine($"risk      deciles (min, 10%..90%, max): {Deciles(risk, "0.0")}");
        output.WriteLine("risk      histogram (width 10):");
        Histogram(risk, 0, 100, 10, "0", output);
        var priorities = Enum.GetValues<Priority>().ToDictionary(p => p, p => scored.Count(s => s.Risk.Priority == p));
        output.WriteLine("priority  " + string.Join(", ", priorities.Select(p => $"{p.Key} {p.Value:N0} ({100.0 * p.Value / scored.Count:0.0}%)")));
        var categories = scored.SelectMany(s => s.Risk.Reasons).Where(r => r.Factor.StartsWith("keyword:", StringComparison.Ordinal))
            .GroupBy(r => r.Factor["keyword:".Length..]).OrderByDescending(g => g.Count()).ToList();
        output.WriteLine("keywords  " + string.Join(", ", categories.Select(g => $"{g.Key} {g.Count()}")));
        output.WriteLine($"top {top} by risk:");
        var highest = scored.OrderByDescending(s => s.Risk.Score).ThenBy(s => s.Risk.Sentiment.Compound).Take(top).ToList();
        foreach (var (tweet, assessment) in highest)
            output.WriteLine($"  {assessment.Score,5:0.0} {assessment.Priority,-6} tweet {tweet.TweetId}: {OneLine(tweet.Text)}\n" +
                $"        reasons: {assessment.Summary}");
        return new
        {
            tweets = tweets.Count,
            compound = new { deciles = Quantiles(compound), mean = compound.Average() },
            risk = new { deciles = Quantiles(risk), mean = risk.Average() },
            priorities = priorities.ToDictionary(p => p.Key.ToString(), p => p.Value),
            top = highest.Select(h => new { id = h.Tweet.TweetId, text = h.Tweet.Text, score = h.Risk.Score, priority = h.Risk.Priority.ToString(), reasons = h.Risk.Summary }),
        };
    }

    private static double[] Quantiles(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return [.. Enumerable.Range(0, 11).Select(d => sorted[(int)Math.Round(d / 10.0 * (sorted.Length - 1))])];
    }

    private static string Deciles(IReadOnlyList<double> values, string format) =>
        string.Join(" ", Quantiles(values).Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    private static string Share(IReadOnlyList<double> values, Func<double, bool> predicate) =>
        $"{100.0 * values.Count(predicate) / values.Count:0.0}%";

    private static void Histogram(IReadOnlyList<double> values, double min, double max, double width, string format, TextWriter output)
    {
        var bins = (int)Math.Round((max - min) / width);
        var counts = new int[bins];
        foreach (var v in values)
            counts[Math.Clamp((int)Math.Floor((v - min) / width), 0, bins - 1)]++;
        var most = counts.Max();
        for (var b = 0; b < bins; b++)
        {
            var from = (min + b * width).ToString(format, CultureInfo.InvariantCulture);
            var to = (min + (b + 1) * width).ToString(format, CultureInfo.InvariantCulture);
            output.WriteLine($"  [{from,5}, {to,5}{(b == bins - 1 ? "]" : ")")} {counts[b],6:N0} {new string('#', (int)Math.Ceiling(40.0 * counts[b] / most))}");
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
