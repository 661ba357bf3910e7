namespace Engine.Listening;

internal enum RuleTokenKind { Word, Phrase, Filter, And, Or, Not, Open, Close, End }

/// <summary>One lexical token of a rule; <see cref="Column"/> is 1-based; for a filter, Text is its name and Value its value.</summary>
internal readonly record struct RuleToken(RuleTokenKind Kind, string Text, int Column, string Value = "");

/// <summary>
/// Splits a rule into tokens: parentheses, "quoted phrases", name:value filters, the operators AND, OR, NOT
/// (upper-case only, so a lower-case "and" is an ordinary word) and words (anything else up to a blank, quote
/// or parenthesis).
/// </summary>
internal static class RuleTokenizer
{
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    public static List<RuleToken> Tokenize(string rule)
    {
        var tokens = new List<RuleToken>();
        var i = 0;
        while (true)
        {
            while (i < rule.Length && char.IsWhiteSpace(rule[i]))
                i++;
            if (i == rule.Length)
            {
                tokens.Add(new(RuleTokenKind.End, "", i + 1));
                return tokens;
            }
            var column = i + 1;
            var c = rule[i];
            if (c == '(' || c == ')')
            {
                tokens.Add(new(c == '(' ? RuleTokenKind.Open : RuleTokenKind.Close, c.ToString(), column));
                i++;
            }
            else if (c == '"')
            {
                var close = rule.IndexOf('"', i + 1);
                if (close < 0)
                    throw new RuleSyntaxException("unclosed quote", column);
                tokens.Add(new(RuleTokenKind.Phrase, rule[(i + 1)..close], column));
                i = close + 1;
            }
            else
            {
                var start = i;
                while (i < rule.Length && !char.IsWhiteSpace(rule[i]) && rule[i] is not ('(' or ')' or '"'))
                    i++;
                tokens.Add(Word(rule[start..i], column));
            }
        }
    }

    private static RuleToken Word(string word, int column)
    {
        switch (word)
        {
            case "AND": return new(RuleTokenKind.And, word, column);
            case "OR": return new(RuleTokenKind.Or, word, column);
            case "NOT": return new(RuleTokenKind.Not, word, column);
        }
        var colon = word.IndexOf(':');
        // A letter-only name before the colon makes a filter (checked against the known ones later); "10:30" stays a word.
        if (colon > 0 && !word.AsSpan(0, colon).ContainsAnyExcept(AsciiLetters))
            return new(RuleTokenKind.Filter, word[..colon], column, word[(colon + 1)..]);
        return new(RuleTokenKind.Word, word, column);
    }
}
