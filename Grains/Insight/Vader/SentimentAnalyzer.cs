namespace Engine.Insight.Vader;

/// <summary>
/// VADER sentiment (Hutto &amp; Gilbert 2014, "VADER: A Parsimonious Rule-based Model for Sentiment Analysis of
/// Social Media Text"): each lexicon word's valence, adjusted by the words around it (boosters, negation, ALL CAPS,
/// "but", "least", special phrases), summed with the emphasis of "!" and "?", then normalised. Thread-safe.
/// </summary>
public sealed class SentimentAnalyzer(VaderLexicon lexicon)
{
    public static SentimentAnalyzer Default { get; } = new(VaderLexicon.Default);

    public SentimentScores Score(string text)
    {
        var prepared = VaderEmoji.Describe(text).Trim();
        var split = VaderText.Split(prepared);
        var lower = split.Lower;
        var sentiments = new double[lower.Length];
        for (var i = 0; i < lower.Length; i++)
        {
            // Boosters and "kind of" only modify the word after them; they carry no valence of their own.
            if (VaderRules.Boosters.ContainsKey(lower[i]))
                continue;
            if (i < lower.Length - 1 && lower[i] == "kind" && lower[i + 1] == "of")
                continue;
            sentiments[i] = Valence(split, i);
        }
        ShiftAroundBut(lower, sentiments);
        return Summarise(sentiments, prepared);
    }

    private double Valence(VaderText text, int i)
    {
        var lower = text.Lower;
        if (!lexicon.TryGetValence(lower[i], out var own))
            return 0;
        var valence = own;

        // "no" before another sentiment word negates it rather than counting as negative itself.
        if (lower[i] == "no" && i != lower.Length - 1 && lexicon.Contains(lower[i + 1]))
            valence = 0;
        if ((i > 0 && lower[i - 1] == "no") || (i > 1 && lower[i - 2] == "no")
            || (i > 2 && lower[i - 3] == "no" && lower[i - 1] is "or" or "nor"))
            valence = own * VaderRules.NegationScalar;

        if (text.CapsDifferential && VaderText.IsUpper(text.Words[i]))
            valence += valence > 0 ? VaderRules.CapsIncrement : -VaderRules.CapsIncrement;

        // Up to three words back: boosters weigh less with distance (×0.95, ×0.9), negations flip.
        for (var distance = 0; distance < 3; distance++)
        {
            var at = i - (distance + 1);
            if (at < 0 || lexicon.Contains(lower[at]))
                continue;
            var scalar = VaderRules.BoosterScalar(text.Words[at], lower[at], valence, text.CapsDifferential);
            if (distance == 1)
                scalar *= 0.95;
            else if (distance == 2)
                scalar *= 0.9;
            valence += scalar;
            valence = VaderRules.CheckNegation(valence, lower, distance, i);
            if (distance == 2)
                valence = VaderRules.CheckSpecialCases(valence, lower, i);
        }
        return VaderRules.CheckLeast(valence, lower, lexicon, i);
    }

    /// <summary>
    /// "but" signals a shift: words before the first "but" count half, words after it one and a half times.
    /// (The reference finds each word's position by value, which misplaces repeated valences; this uses the index.)
    /// </summary>
    private static void ShiftAroundBut(string[] lower, double[] sentiments)
    {
        var but = Array.IndexOf(lower, "but");
        if (but < 0)
            return;
        for (var i = 0; i < sentiments.Length; i++)
            if (i < but)
                sentiments[i] *= 0.5;
            else if (i > but)
                sentiments[i] *= 1.5;
    }

    private static SentimentScores Summarise(double[] sentiments, string text)
    {
        if (sentiments.Length == 0)
            return SentimentScores.None;
        double sum = 0, positive = 0, negative = 0;
        var neutral = 0;
        foreach (var s in sentiments)
        {
            sum += s;
            // ±1 compensates for neutral words, which count 1 each.
            if (s > 0)
                positive += s + 1;
            else if (s < 0)
                negative += s - 1;
            else
                neutral++;
        }
        var emphasis = PunctuationEmphasis(text);
        if (sum > 0)
            sum += emphasis;
        else if (sum < 0)
            sum -= emphasis;
        var compound = Math.Clamp(sum / Math.Sqrt(sum * sum + VaderRules.Alpha), -1, 1);

        if (positive > Math.Abs(negative))
            positive += emphasis;
        else if (positive < Math.Abs(negative))
            negative -= emphasis;
        var total = positive + Math.Abs(negative) + neutral;
        return new SentimentScores(
            Math.Round(Math.Abs(negative / total), 3),
            Math.Round(Math.Abs(neutral / total), 3),
            Math.Round(Math.Abs(positive / total), 3),
            Math.Round(compound, 4));
    }

    /// <summary>Up to four "!" add 0.292 each; two or three "?" add 0.18 each, more than three add 0.96.</summary>
    private static double PunctuationEmphasis(string text)
    {
        int exclamations = 0, questions = 0;
        foreach (var c in text)
            if (c == '!')
                exclamations++;
            else if (c == '?')
                questions++;
        var emphasis = Math.Min(exclamations, VaderRules.MaxExclamations) * VaderRules.ExclamationIncrement;
        if (questions > 3)
            emphasis += VaderRules.ManyQuestionsIncrement;
        else if (questions > 1)
            emphasis += questions * VaderRules.QuestionIncrement;
        return emphasis;
    }
}
