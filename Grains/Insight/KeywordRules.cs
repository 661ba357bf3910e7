namespace Engine.Insight;

using Engine.Listening;

/// <summary>
/// A tenant's keyword categories compiled for matching on normalised tokens: "sue" matches the word "sue" and not
/// "suede", "legal action" matches the two words in a row, "refund*" any word starting with "refund".
/// </summary>
public sealed class KeywordRules
{
    private readonly (KeywordCategory Category, Term[] Terms)[] _categories;
    /// <summary>Whole-word terms by their first token: a post's distinct tokens are looked up here, so matching costs one
    /// lookup per token of the post rather than one per term of the policy.</summary>
    private readonly Dictionary<string, (int Category, int Term)[]> _byFirstToken = new(StringComparer.Ordinal);
    /// <summary>Terms whose first token is a prefix ("refund*"): few, each a search of the post's sorted tokens.</summary>
    private readonly (int Category, int Term)[] _prefixed;

    public KeywordRules(IEnumerable<KeywordCategory> categories)
    {
        _categories = [.. categories.Select(c => (c, c.Terms.Select(Compile).ToArray()))];
        var prefixed = new List<(int, int)>();
        for (var c = 0; c < _categories.Length; c++)
            for (var t = 0; t < _categories[c].Terms.Length; t++)
            {
                var term = _categories[c].Terms[t];
                if (term.Prefix && term.Tokens.Length == 1)
                    prefixed.Add((c, t));
                else
                    _byFirstToken[term.Tokens[0]] = [.. _byFirstToken.GetValueOrDefault(term.Tokens[0], []), (c, t)];
            }
        _prefixed = [.. prefixed];
    }

    private readonly record struct Term(string Text, string[] Tokens, bool Prefix);

    private static Term Compile(string term)
    {
        var prefix = term.EndsWith('*');
        var tokens = PostText.Tokenize(prefix ? term[..^1] : term);
        if (tokens.Length == 0)
            throw new ArgumentException($"Keyword '{term}' has no letters or digits.", nameof(term));
        return new(term, tokens, prefix);
    }

    /// <summary>Each category that matches, in the policy's order, with the first of its terms (in the policy's order)
    /// that the text contains, as written in the policy.</summary>
    public IReadOnlyList<(KeywordCategory Category, string Term)> Match(PostText text)
    {
        // The lowest index of a term found, per category.
        Span<int> first = _categories.Length <= 64 ? stackalloc int[_categories.Length] : new int[_categories.Length];
        first.Fill(int.MaxValue);
        foreach (var token in text.DistinctTokens)
            if (_byFirstToken.TryGetValue(token, out var candidates))
                foreach (var (c, t) in candidates)
                    if (t < first[c] && Found(text, _categories[c].Terms[t]))
                        first[c] = t;
        foreach (var (c, t) in _prefixed)
            if (t < first[c] && text.ContainsPrefix(_categories[c].Terms[t].Tokens[0]))
                first[c] = t;

        List<(KeywordCategory, string)>? matches = null;
        for (var c = 0; c < _categories.Length; c++)
            if (first[c] != int.MaxValue)
                (matches ??= []).Add((_categories[c].Category, _categories[c].Terms[first[c]].Text));
        return matches ?? [];
    }

    private static bool Found(PostText text, Term term) =>
        term.Tokens.Length == 1 || text.ContainsSequence(term.Tokens, term.Prefix);
}
