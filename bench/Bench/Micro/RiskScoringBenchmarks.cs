namespace Engine.Bench.Micro;

using BenchmarkDotNet.Attributes;
using Engine.Insight;

/// <summary>
/// Risk scoring as the conversation grain runs it on every customer message: VADER sentiment, the keyword categories,
/// the assessment. Texts are customer tweets of the twcs corpus (the first 64 inbound ones), taken in turn.
/// </summary>
[MemoryDiagnoser]
public class RiskScoringBenchmarks
{
    private readonly RiskScorer _scorer = new(RiskPolicy.Default);
    private string[] _texts = [];
    private int _next;

    private string Next() => _texts[_next++ % _texts.Length];

    [GlobalSetup]
    public void Load()
    {
        _texts = TwcsCorpus.Read(null).Where(t => t.Inbound).Select(t => t.Text).Take(64).ToArray();
    }

    [Benchmark]
    public double Score() => _scorer.Score(Next()).Score;

    [Benchmark]
    public double Sentiment() => Engine.Insight.Vader.SentimentAnalyzer.Default.Score(Next()).Compound;

    [Benchmark]
    public int Tokens() => Engine.Listening.PostText.Of(Next()).Tokens.Length;

    private static readonly string[] RuleWords = ["order", "refund", "late", "help", "never", "phone", "lawyer", "delay",
        "account", "customer", "service", "the", "you", "broken", "thanks", "please", "cancel", "package", "driver", "app"];

    /// <summary>A post as the listening feed uses it: normalised once, then asked for the words its rules name.</summary>
    [Benchmark]
    public int TokensAndWordLookups()
    {
        var text = Engine.Listening.PostText.Of(Next());
        var found = 0;
        foreach (var word in RuleWords)
            if (text.Contains(word)) found++;
        return found;
    }
}
