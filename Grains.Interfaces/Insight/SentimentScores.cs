namespace Engine.Insight;

/// <summary>
/// VADER's scores for one text: the proportions of negative, neutral and positive weight (they sum to about 1)
/// and the normalised compound score in [-1, 1].
/// </summary>
[GenerateSerializer, Alias("engine.SentimentScores")]
public sealed record SentimentScores(
    [property: Id(0)] double Negative,
    [property: Id(1)] double Neutral,
    [property: Id(2)] double Positive,
    [property: Id(3)] double Compound)
{
    public static readonly SentimentScores None = new(0, 0, 0, 0);
}
