namespace Engine.Listening;

/// <summary>
/// A tenant's listening rules compiled for a firehose. Each rule is indexed by the words (or prefixes) of which
/// a matching post must contain at least one, so a post is checked only against rules that one of its words
/// triggers; a rule without such words (only filters and NOTs) is checked on every post.
/// </summary>
public sealed class ListeningRuleSet
{
    private readonly string[] _ids;
    private readonly Func<ListeningDocument, bool>[] _matchers;
    private readonly Dictionary<string, List<int>> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _byPrefix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>>.AlternateLookup<ReadOnlySpan<char>> _byPrefixSpan;
    private readonly int[] _always;
    private readonly int _longestPrefix;

    /// <param name="rules">Rules already validated; a rule that does not parse throws <see cref="RuleSyntaxException"/>.</param>
    public ListeningRuleSet(IEnumerable<ListeningRule> rules)
    {
        var list = rules.ToList();
        _ids = [.. list.Select(r => r.Id)];
        _matchers = new Func<ListeningDocument, bool>[list.Count];
        var always = new List<int>();
        for (var i = 0; i < list.Count; i++)
        {
            var tree = RuleParser.Parse(list[i].Query);
            _matchers[i] = CompiledRule.Compile(tree);
            if (Triggers(tree) is not { } triggers)
            {
                always.Add(i);
                continue;
            }
            foreach (var (text, prefix) in triggers)
                Add(prefix ? _byPrefix : _byToken, text, i);
        }
        _always = [.. always];
        _byPrefixSpan = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        _longestPrefix = _byPrefix.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
    }

    public int Count => _ids.Length;

    /// <summary>Rules that must be checked on every post (no word every match needs).</summary>
    public int Unindexed => _always.Length;

    /// <summary>Whether a rule may be saved: it parses, and it names a word, phrase or prefix outside any NOT.</summary>
    public static ListeningRuleProblem? Validate(string query)
    {
        try
        {
            if (Triggers(RuleParser.Parse(query)) is null)
                return new ListeningRuleProblem(1, "the rule needs a word, phrase or prefix outside NOT, or it would match the whole feed");
            return null;
        }
        catch (RuleSyntaxException e)
        {
            return new ListeningRuleProblem(e.Column, e.Message);
        }
    }

    /// <summary>The ids of the rules the post matches, in the order the rules were given.</summary>
    public IReadOnlyList<string> Match(ListeningPost post) => Match(new ListeningDocument(post));

    public IReadOnlyList<string> Match(ListeningDocument document)
    {
        var candidates = new HashSet<int>(_always);
        foreach (var token in document.Text.DistinctTokens)
        {
            if (_byToken.TryGetValue(token, out var rules))
                candidates.UnionWith(rules);
            if (_byPrefix.Count == 0)
                continue;
            for (var length = Math.Min(token.Length, _longestPrefix); length >= 1; length--)
                if (_byPrefixSpan.TryGetValue(token.AsSpan(0, length), out var prefixed))
                    candidates.UnionWith(prefixed);
        }
        var matched = new List<int>();
        foreach (var rule in candidates)
            if (_matchers[rule](document))
                matched.Add(rule);
        matched.Sort();
        return [.. matched.Select(i => _ids[i])];
    }

    /// <summary>Checks every rule on the post, without the index: the baseline the index is measured against.</summary>
    public IReadOnlyList<string> MatchEveryRule(ListeningDocument document)
    {
        var matched = new List<string>();
        for (var i = 0; i < _matchers.Length; i++)
            if (_matchers[i](document))
                matched.Add(_ids[i]);
        return matched;
    }

    /// <summary>
    /// Words (or prefixes) of which every matching post contains at least one, or null when there are none
    /// (a NOT, a filter). For AND either side's set will do, so the smaller one is kept.
    /// </summary>
    internal static List<(string Text, bool Prefix)>? Triggers(RuleNode node) => node switch
    {
        TermNode t => [(t.Token, false)],
        // The longest word of a phrase is likely the rarest, so it triggers the fewest checks.
        PhraseNode p => [(p.Tokens.MaxBy(t => t.Length)!, false)],
        PrefixNode p => [(p.Stem, true)],
        AndNode a => (Triggers(a.Left), Triggers(a.Right)) switch
        {
            (null, var right) => right,
            (var left, null) => left,
            (var left, var right) => left.Count <= right.Count ? left : right,
        },
        OrNode o => Triggers(o.Left) is { } left && Triggers(o.Right) is { } right ? [.. left, .. right] : null,
        _ => null,
    };

    private static void Add(Dictionary<string, List<int>> index, string key, int rule)
    {
        if (!index.TryGetValue(key, out var rules))
            index[key] = rules = [];
        if (rules.Count == 0 || rules[^1] != rule)
            rules.Add(rule);
    }
}
