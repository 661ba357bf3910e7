namespace Engine.Listening;

/// <summary>
/// A post's text normalised once for matching: lower-case word tokens (letters and digits; an apostrophe inside a
/// word stays, so "don't" is one token), in order, and their distinct set sorted for lookups and prefix wildcards
/// (binary search for prefixes and phrases; a hash set for single words only once someone asks for one).
/// </summary>
public sealed class PostText
{
    private readonly string[] _sorted;
    private HashSet<string>? _lookup;

    private PostText(string[] tokens, IReadOnlyList<string> mentions)
    {
        Tokens = tokens;
        Mentions = mentions;
        _sorted = Distinct(tokens);
    }

    private static string[] Distinct(string[] tokens)
    {
        var sorted = tokens.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var distinct = 0;
        for (var i = 0; i < sorted.Length; i++)
            if (distinct == 0 || !string.Equals(sorted[i], sorted[distinct - 1], StringComparison.Ordinal))
                sorted[distinct++] = sorted[i];
        return distinct == sorted.Length ? sorted : sorted[..distinct];
    }

    public string[] Tokens { get; }

    /// <summary>The distinct tokens, in ordinal order.</summary>
    public ReadOnlySpan<string> DistinctTokens => _sorted;

    /// <summary>Handles the text mentions ("@AcmeHelp" → "acmehelp").</summary>
    public IReadOnlyList<string> Mentions { get; }

    public static PostText Of(string text)
    {
        var mentions = new List<string>();
        return new PostText(Tokenize(text, mentions), mentions);
    }

    /// <summary>
    /// Splits on anything that is not a letter, digit, or an apostrophe between two of them; lower-cases. Handles
    /// after '@' (letters, digits, '_') also go to <paramref name="mentions"/>.
    /// </summary>
    public static string[] Tokenize(string text, List<string>? mentions = null)
    {
        var tokens = new List<string>();
        Span<char> buffer = stackalloc char[128];
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c == '’')
                c = '\'';
            var inWord = char.IsLetterOrDigit(c)
                || (c == '\'' && length > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]));
            if (inWord)
            {
                if (length == buffer.Length)
                {
                    // A very long run is kept whole: grow into a heap buffer.
                    var larger = new char[buffer.Length * 2];
                    buffer.CopyTo(larger);
                    buffer = larger;
                }
                buffer[length++] = char.ToLowerInvariant(c);
                continue;
            }
            if (length > 0)
            {
                tokens.Add(new string(buffer[..length]));
                length = 0;
            }
            if (c == '@' && mentions is not null)
                mentions.Add(Handle(text, i + 1));
        }
        if (mentions is not null)
            mentions.RemoveAll(m => m.Length == 0);
        return [.. tokens];
    }

    private static string Handle(string text, int start)
    {
        var end = start;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            end++;
        return text[start..end].ToLowerInvariant();
    }

    /// <summary>A hash set of the tokens, made on the first call: listening rules ask this for every word they name, many
    /// times a post, and a hash beats the binary search there; risk keywords never ask, so they never pay for it.</summary>
    public bool Contains(string token) => (_lookup ??= new HashSet<string>(_sorted, StringComparer.Ordinal)).Contains(token);

    private int Find(string token) => Array.BinarySearch(_sorted, token, StringComparer.Ordinal);

    /// <summary>True when some token starts with <paramref name="stem"/>.</summary>
    public bool ContainsPrefix(string stem)
    {
        var at = Find(stem);
        if (at >= 0)
            return true;
        at = ~at;
        return at < _sorted.Length && _sorted[at].StartsWith(stem, StringComparison.Ordinal);
    }

    /// <summary>True when the tokens occur consecutively; the last may be a prefix.</summary>
    public bool ContainsSequence(IReadOnlyList<string> sequence, bool lastIsPrefix = false)
    {
        if (sequence.Count == 0 || Find(sequence[0]) < 0)
            return false;
        var last = sequence.Count - 1;
        for (var i = 0; i + last < Tokens.Length; i++)
        {
            if (!string.Equals(Tokens[i], sequence[0], StringComparison.Ordinal))
                continue;
            var matched = true;
            for (var k = 1; k <= last && matched; k++)
                matched = k == last && lastIsPrefix
                    ? Tokens[i + k].StartsWith(sequence[k], StringComparison.Ordinal)
                    : string.Equals(Tokens[i + k], sequence[k], StringComparison.Ordinal);
            if (matched)
                return true;
        }
        return false;
    }
}
