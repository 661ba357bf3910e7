namespace Engine.Insight.Vader;

/// <summary>
/// A text split the way VADER reads it: on white space, with punctuation stripped from the ends of a word unless
/// that would leave two characters or fewer (so emoticons such as ":)" and ":D" survive).
/// </summary>
internal sealed class VaderText
{
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private VaderText(string[] words, string[] lower, bool capsDifferential)
    {
        Words = words;
        Lower = lower;
        CapsDifferential = capsDifferential;
    }

    /// <summary>The words as written (case kept, for the ALL-CAPS rule).</summary>
    public string[] Words { get; }

    /// <summary>The same words lower-cased, which is how the lexicon and the rules look them up.</summary>
    public string[] Lower { get; }

    /// <summary>True when some but not all words are in capitals: only then is capitalisation emphasis.</summary>
    public bool CapsDifferential { get; }

    public static VaderText Split(string text)
    {
        // Counted first, so the words go straight into an array of their number.
        var array = new string[CountWords(text)];
        var count = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var blank = i == text.Length || char.IsWhiteSpace(text[i]);
            if (blank && start >= 0)
            {
                array[count++] = StripPunctuation(text, start, i);
                start = -1;
            }
            else if (!blank && start < 0)
                start = i;
        }
        var lower = new string[array.Length];
        var capitals = 0;
        for (var i = 0; i < array.Length; i++)
        {
            lower[i] = array[i].ToLowerInvariant();
            if (IsUpper(array[i]))
                capitals++;
        }
        return new VaderText(array, lower, capitals > 0 && capitals < array.Length);
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var blank = char.IsWhiteSpace(c);
            if (!blank && !inWord) count++;
            inWord = !blank;
        }
        return count;
    }

    /// <summary>Like Python's str.isupper: at least one cased letter and no lower-case one (":D" counts).</summary>
    public static bool IsUpper(string word)
    {
        var cased = false;
        foreach (var c in word)
        {
            if (char.IsLower(c))
                return false;
            if (char.IsUpper(c))
                cased = true;
        }
        return cased;
    }

    /// <summary>The word from <paramref name="from"/> to <paramref name="to"/>, stripped, made into one string.</summary>
    private static string StripPunctuation(string text, int from, int to)
    {
        int start = from, end = to;
        while (start < end && Punctuation.Contains(text[start]))
            start++;
        while (end > start && Punctuation.Contains(text[end - 1]))
            end--;
        return end - start <= 2 ? text[from..to] : text[start..end];
    }
}
