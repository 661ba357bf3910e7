namespace Engine.Insight.Vader;

/// <summary>
/// The word lists and constants of VADER's rules (Hutto &amp; Gilbert 2014), as the reference implementation
/// (vaderSentiment 3.3) applies them. The constants are the paper's empirically derived means.
/// </summary>
internal static class VaderRules
{
    /// <summary>Added (or, for a negative word, subtracted) by a booster such as "very"; a dampener takes it away.</summary>
    public const double BoosterIncrement = 0.293;

    /// <summary>A sentiment word in ALL CAPS, in a text that is not all caps, weighs this much more.</summary>
    public const double CapsIncrement = 0.733;

    /// <summary>A negated word keeps 74% of its weight with the opposite sign.</summary>
    public const double NegationScalar = -0.74;

    public const double ExclamationIncrement = 0.292;
    public const int MaxExclamations = 4;
    public const double QuestionIncrement = 0.18;
    public const double ManyQuestionsIncrement = 0.96;

    /// <summary>Normalisation constant: compound = x / sqrt(x² + 15), approaching ±1 as the sum grows.</summary>
    public const double Alpha = 15;

    public static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
        "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
        "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither",
        "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
        "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere",
        "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent",
        "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't",
        "without", "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite",
    };

    private const double Up = BoosterIncrement;
    private const double Down = -BoosterIncrement;

    /// <summary>Boosters raise the intensity of the word they precede, dampeners lower it.</summary>
    public static readonly Dictionary<string, double> Boosters = new(StringComparer.Ordinal)
    {
        ["absolutely"] = Up, ["amazingly"] = Up, ["awfully"] = Up, ["completely"] = Up, ["considerable"] = Up,
        ["considerably"] = Up, ["decidedly"] = Up, ["deeply"] = Up, ["effing"] = Up, ["enormous"] = Up,
        ["enormously"] = Up, ["entirely"] = Up, ["especially"] = Up, ["exceptional"] = Up, ["exceptionally"] = Up,
        ["extreme"] = Up, ["extremely"] = Up, ["fabulously"] = Up, ["flipping"] = Up, ["flippin"] = Up,
        ["frackin"] = Up, ["fracking"] = Up, ["fricking"] = Up, ["frickin"] = Up, ["frigging"] = Up,
        ["friggin"] = Up, ["fully"] = Up, ["fuckin"] = Up, ["fucking"] = Up, ["fuggin"] = Up, ["fugging"] = Up,
        ["greatly"] = Up, ["hella"] = Up, ["highly"] = Up, ["hugely"] = Up, ["incredible"] = Up,
        ["incredibly"] = Up, ["intensely"] = Up, ["major"] = Up, ["majorly"] = Up, ["more"] = Up, ["most"] = Up,
        ["particularly"] = Up, ["purely"] = Up, ["quite"] = Up, ["really"] = Up, ["remarkably"] = Up, ["so"] = Up,
        ["substantially"] = Up, ["thoroughly"] = Up, ["total"] = Up, ["totally"] = Up, ["tremendous"] = Up,
        ["tremendously"] = Up, ["uber"] = Up, ["unbelievably"] = Up, ["unusually"] = Up, ["utter"] = Up,
        ["utterly"] = Up, ["very"] = Up,
        ["almost"] = Down, ["barely"] = Down, ["hardly"] = Down, ["just enough"] = Down, ["kind of"] = Down,
        ["kinda"] = Down, ["kindof"] = Down, ["kind-of"] = Down, ["less"] = Down, ["little"] = Down,
        ["marginal"] = Down, ["marginally"] = Down, ["occasional"] = Down, ["occasionally"] = Down,
        ["partly"] = Down, ["scarce"] = Down, ["scarcely"] = Down, ["slight"] = Down, ["slightly"] = Down,
        ["somewhat"] = Down, ["sort of"] = Down, ["sorta"] = Down, ["sortof"] = Down, ["sort-of"] = Down,
    };

    /// <summary>Phrases whose meaning is not the sum of their words; the phrase's valence replaces the word's.</summary>
    public static readonly Dictionary<string, double> SpecialCases = new(StringComparer.Ordinal)
    {
        ["the shit"] = 3, ["the bomb"] = 3, ["bad ass"] = 1.5, ["badass"] = 1.5, ["bus stop"] = 0.0,
        ["yeah right"] = -2, ["kiss of death"] = -1.5, ["to die for"] = 3,
        ["beating heart"] = 3.1, ["broken heart"] = -2.9,
    };

    public static bool IsNegation(string lowerWord) => Negations.Contains(lowerWord) || lowerWord.Contains("n't", StringComparison.Ordinal);

    /// <summary>What a booster or dampener word adds to the valence of the sentiment word after it.</summary>
    public static double BoosterScalar(string word, string lowerWord, double valence, bool capsDifferential)
    {
        if (!Boosters.TryGetValue(lowerWord, out var scalar))
            return 0;
        if (valence < 0)
            scalar = -scalar;
        // An ALL-CAPS booster ("VERY good") adds the caps emphasis too.
        if (capsDifferential && VaderText.IsUpper(word))
            scalar += valence > 0 ? CapsIncrement : -CapsIncrement;
        return scalar;
    }

    /// <summary>The word <paramref name="distance"/> + 1 places before <paramref name="i"/> negates, or "never so/this" intensifies.</summary>
    public static double CheckNegation(double valence, string[] lower, int distance, int i)
    {
        switch (distance)
        {
            case 0:
                return IsNegation(lower[i - 1]) ? valence * NegationScalar : valence;
            case 1:
                if (lower[i - 2] == "never" && lower[i - 1] is "so" or "this")
                    return valence * 1.25;
                if (lower[i - 2] == "without" && lower[i - 1] == "doubt")
                    return valence;
                return IsNegation(lower[i - 2]) ? valence * NegationScalar : valence;
            default:
                // The reference groups this test as (never ∧ so/this two back) ∨ (so/this just before); kept as published.
                if ((lower[i - 3] == "never" && lower[i - 2] is "so" or "this") || lower[i - 1] is "so" or "this")
                    return valence * 1.25;
                if (lower[i - 3] == "without" && (lower[i - 2] == "doubt" || lower[i - 1] == "doubt"))
                    return valence;
                return IsNegation(lower[i - 3]) ? valence * NegationScalar : valence;
        }
    }

    /// <summary>"least good" negates; "at least" and "very least" do not.</summary>
    public static double CheckLeast(double valence, string[] lower, VaderLexicon lexicon, int i)
    {
        if (i > 0 && lower[i - 1] == "least" && !lexicon.Contains("least"))
        {
            if (i == 1 || (lower[i - 2] != "at" && lower[i - 2] != "very"))
                return valence * NegationScalar;
        }
        return valence;
    }

    /// <summary>Special-case phrases around word <paramref name="i"/> (i ≥ 3), then "kind of"/"sort of" before it.</summary>
    public static double CheckSpecialCases(double valence, string[] lower, int i)
    {
        // The phrases before the word, in the reference's order; the first special case found wins.
        if (Find(SpecialCasePhrases, out var special, lower[i - 1], lower[i])
            || Find(SpecialCasePhrases, out special, lower[i - 2], lower[i - 1], lower[i])
            || Find(SpecialCasePhrases, out special, lower[i - 2], lower[i - 1])
            || Find(SpecialCasePhrases, out special, lower[i - 3], lower[i - 2], lower[i - 1])
            || Find(SpecialCasePhrases, out special, lower[i - 3], lower[i - 2]))
            valence = special;
        if (lower.Length - 1 > i && Find(SpecialCasePhrases, out var next, lower[i], lower[i + 1]))
            valence = next;
        if (lower.Length - 1 > i + 1 && Find(SpecialCasePhrases, out var nextTwo, lower[i], lower[i + 1], lower[i + 2]))
            valence = nextTwo;
        if (Find(BoosterPhrases, out var booster, lower[i - 3], lower[i - 2], lower[i - 1]))
            valence += booster;
        if (Find(BoosterPhrases, out booster, lower[i - 3], lower[i - 2]))
            valence += booster;
        if (Find(BoosterPhrases, out booster, lower[i - 2], lower[i - 1]))
            valence += booster;
        return valence;
    }

    private static readonly Phrases SpecialCasePhrases = new(SpecialCases);
    private static readonly Phrases BoosterPhrases = new(Boosters);

    /// <summary>Looks the words up as one phrase, joined by single spaces, without making the phrase's string: this runs
    /// for every sentiment word of every customer message.</summary>
    private static bool Find(Phrases phrases, out double value, params ReadOnlySpan<string> words)
    {
        value = 0;
        var length = words.Length - 1;
        foreach (var word in words)
            length += word.Length;
        if (length > phrases.Longest)
            return false;
        Span<char> phrase = stackalloc char[length];
        var at = 0;
        foreach (var word in words)
        {
            if (at > 0) phrase[at++] = ' ';
            word.CopyTo(phrase[at..]);
            at += word.Length;
        }
        return phrases.Lookup.TryGetValue(phrase, out value);
    }

    private sealed class Phrases(Dictionary<string, double> entries)
    {
        public Dictionary<string, double>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; } = entries.GetAlternateLookup<ReadOnlySpan<char>>();
        public int Longest { get; } = entries.Keys.Max(k => k.Length);
    }
}
