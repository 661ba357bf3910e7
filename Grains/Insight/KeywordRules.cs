namespace Engine.Insight;

using Engine.Listening;

/// <summary>
/// A tenant's keyword categories compiled for matching on normalised tokens: "sue" matches the word "sue" and not
/// "suede", "legal action" matches the two words in a row, "refund*" any word starting with "refund".
/// </summary>
public sealed class KeywordRules
{
    private readonly (KeywordCategory Category, (string Term, string[] Tokens, bool Prefix)[] Terms)[] _categories;

    public KeywordRules(IEnumerable<KeywordCategory> categories)
    {
        _categories = [.. categories.Select(c => (c, c.Terms.Select(Compile).ToArray()))];
    }

    private static (string, string[], bool) Compile(string term)
    {
        var prefix = term.EndsWith('*');
        var tokens = PostText.Tokenize(prefix ? term[..^1] : term);
        if (tokens.Length == 0)
            throw new ArgumentException($"Keyword '{term}' has no letters or digits.", nameof(term));
        return (term, tokens, prefix);
    }

    /// <summary>Each category that matches, with the first of its terms found (as written in the policy).</summary>
    public IEnumerable<(KeywordCategory Category, string Term)> Match(PostText text)
    {
        foreach (var (category, terms) in _categories)
            foreach (var (term, tokens, prefix) in terms)
            {
                var found = tokens.Length == 1
                    ? prefix ? text.ContainsPrefix(tokens[0]) : text.Contains(tokens[0])
                    : text.ContainsSequence(tokens, prefix);
                if (found)
                {
                    yield return (category, term);
                    break;
                }
            }
    }
}
