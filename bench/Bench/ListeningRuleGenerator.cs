namespace Engine.Bench;

using Engine.Listening;

/// <summary>
/// Generates plausible listening rules from a corpus: topic words (skipping the 100 most common words, which no one
/// listens for), phrases that occur in it, prefixes, brand handles, NOT and filters, in eight shapes. Deterministic.
/// </summary>
public static class ListeningRuleGenerator
{
    public static IReadOnlyList<ListeningRule> Generate(IEnumerable<string> texts, int count, int seed)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var bigrams = new Dictionary<string, int>(StringComparer.Ordinal);
        var handles = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var mentions = new List<string>();
            var tokens = PostText.Tokenize(text, mentions);
            foreach (var token in tokens)
                counts[token] = counts.GetValueOrDefault(token) + 1;
            for (var i = 1; i < tokens.Length; i++)
                bigrams[$"{tokens[i - 1]} {tokens[i]}"] = bigrams.GetValueOrDefault($"{tokens[i - 1]} {tokens[i]}") + 1;
            foreach (var handle in mentions.Where(m => !m.All(char.IsAsciiDigit)))
                handles[handle] = handles.GetValueOrDefault(handle) + 1;
        }
        var words = counts.Where(c => c.Key.Length >= 3 && c.Key.All(char.IsAsciiLetterLower))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Skip(100).Take(3_000).Select(c => c.Key).ToArray();
        var wordSet = words.ToHashSet();
        var phrases = bigrams.Where(b => b.Value >= 3 && b.Key.Split(' ').All(wordSet.Contains))
            .OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Select(b => b.Key).Take(1_000).ToArray();
        var brands = handles.OrderByDescending(h => h.Value).ThenBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Key).Take(50).ToArray();

        var random = new Random(seed);
        string W() => words[random.Next(words.Length)];
        string P() => $"\"{phrases[random.Next(phrases.Length)]}\"";
        string S() => W() is var w && w.Length > 5 ? w[..5] + "*" : w + "*";
        string B() => brands[random.Next(brands.Length)];

        var rules = new List<ListeningRule>(count);
        for (var i = 0; i < count; i++)
        {
            var query = (i % 8) switch
            {
                0 => W(),
                1 => $"{W()} {W()}",
                2 => P(),
                3 => $"{S()} NOT {W()}",
                4 => $"({W()} OR {W()} OR {W()}) lang:en",
                5 => $"to:{B()} {W()}",
                6 => $"{P()} OR {W()} NOT from:{B()}",
                _ => $"({W()} OR {S()}) ({W()} OR {W()})",
            };
            rules.Add(new ListeningRule($"rule{i}", query));
        }
        return rules;
    }
}
