namespace Engine.Listening;

using Engine.Conversations;

/// <summary>
/// Recursive-descent parser of the listening rule language:
/// <code>
/// rule    := or END
/// or      := and ("OR" and)*
/// and     := unary (["AND"] unary)*        adjacent terms are ANDed
/// unary   := "NOT" unary | primary
/// primary := "(" or ")" | word | word* | "phrase" | lang:xx | channel:x | from:handle | to:handle
/// </code>
/// AND binds tighter than OR; both group to the left. Every mistake is a <see cref="RuleSyntaxException"/> with the column.
/// </summary>
public sealed class RuleParser
{
    private readonly List<RuleToken> _tokens;
    private int _next;

    private RuleParser(List<RuleToken> tokens) => _tokens = tokens;

    public static RuleNode Parse(string rule)
    {
        var parser = new RuleParser(RuleTokenizer.Tokenize(rule));
        if (parser.Peek.Kind == RuleTokenKind.End)
            throw new RuleSyntaxException("the rule is empty", 1);
        var node = parser.ParseOr();
        var rest = parser.Peek;
        if (rest.Kind == RuleTokenKind.Close)
            throw new RuleSyntaxException("unbalanced ')'", rest.Column);
        if (rest.Kind != RuleTokenKind.End)
            throw new RuleSyntaxException($"unexpected '{rest.Text}'", rest.Column);
        return node;
    }

    /// <summary>Validates a rule for saving: null when it is fine, else the problem and its column.</summary>
    public static RuleSyntaxException? Check(string rule)
    {
        try
        {
            Parse(rule);
            return null;
        }
        catch (RuleSyntaxException e)
        {
            return e;
        }
    }

    private RuleToken Peek => _tokens[_next];

    private RuleToken Take() => _tokens[_next++];

    private RuleNode ParseOr()
    {
        var left = ParseAnd();
        while (Peek.Kind == RuleTokenKind.Or)
        {
            var or = Take();
            left = new OrNode(left, ParseOperand(or));
        }
        return left;
    }

    private RuleNode ParseAnd()
    {
        var left = ParseUnary();
        while (true)
        {
            if (Peek.Kind == RuleTokenKind.And)
                left = new AndNode(left, ParseOperand(Take()));
            else if (StartsOperand(Peek.Kind))
                left = new AndNode(left, ParseUnary());
            else
                return left;
        }
    }

    private static bool StartsOperand(RuleTokenKind kind) =>
        kind is RuleTokenKind.Word or RuleTokenKind.Phrase or RuleTokenKind.Filter or RuleTokenKind.Not or RuleTokenKind.Open;

    /// <summary>The operand after a binary operator, or an error that names the operator.</summary>
    private RuleNode ParseOperand(RuleToken op)
    {
        if (!StartsOperand(Peek.Kind))
            throw new RuleSyntaxException($"expected a term after {op.Text}", Peek.Column);
        return op.Kind == RuleTokenKind.Or ? ParseAnd() : ParseUnary();
    }

    private RuleNode ParseUnary()
    {
        if (Peek.Kind != RuleTokenKind.Not)
            return ParsePrimary();
        var not = Take();
        if (!StartsOperand(Peek.Kind))
            throw new RuleSyntaxException($"expected a term after {not.Text}", Peek.Column);
        return new NotNode(ParseUnary());
    }

    private RuleNode ParsePrimary()
    {
        var token = Take();
        switch (token.Kind)
        {
            case RuleTokenKind.Open:
                if (Peek.Kind == RuleTokenKind.Close)
                    throw new RuleSyntaxException("empty parentheses", token.Column);
                var inner = ParseOr();
                if (Peek.Kind != RuleTokenKind.Close)
                    throw Peek.Kind == RuleTokenKind.End
                        ? new RuleSyntaxException("unclosed '('", token.Column)
                        : new RuleSyntaxException($"unexpected '{Peek.Text}'", Peek.Column);
                Take();
                return inner;
            case RuleTokenKind.Phrase:
                return Words(token.Text, token.Column, quoted: true);
            case RuleTokenKind.Word:
                return Word(token);
            case RuleTokenKind.Filter:
                return Filter(token);
            case RuleTokenKind.Close:
                throw new RuleSyntaxException("unbalanced ')'", token.Column);
            case RuleTokenKind.End:
                throw new RuleSyntaxException("expected a term", token.Column);
            default:
                throw new RuleSyntaxException($"expected a term before {token.Text}", token.Column);
        }
    }

    private static RuleNode Word(RuleToken token)
    {
        var text = token.Text;
        var star = text.IndexOf('*');
        if (star < 0)
            return Words(text, token.Column, quoted: false);
        if (star != text.Length - 1)
            throw new RuleSyntaxException("a wildcard '*' may only end a word", token.Column + star);
        var stem = PostText.Tokenize(text[..^1]);
        if (stem.Length != 1)
            throw new RuleSyntaxException(stem.Length == 0 ? "a wildcard needs letters or digits before '*'" : "a wildcard must end a single word", token.Column);
        return new PrefixNode(stem[0]);
    }

    /// <summary>A word that normalises to several tokens ("e-mail") is matched as the phrase of them.</summary>
    private static RuleNode Words(string text, int column, bool quoted)
    {
        var tokens = PostText.Tokenize(text);
        if (tokens.Length == 0)
            throw new RuleSyntaxException(quoted ? "the quotes hold no words" : $"'{text}' has no letters or digits", column);
        return tokens.Length == 1 ? new TermNode(tokens[0]) : new PhraseNode(string.Join(' ', tokens));
    }

    private static FilterNode Filter(RuleToken token)
    {
        var name = token.Text.ToLowerInvariant();
        FilterKind kind = name switch
        {
            "lang" => FilterKind.Lang,
            "channel" => FilterKind.Channel,
            "from" => FilterKind.From,
            "to" => FilterKind.To,
            _ => throw new RuleSyntaxException($"unknown filter '{token.Text}:' (use lang:, channel:, from:, to:)", token.Column),
        };
        var valueColumn = token.Column + token.Text.Length + 1;
        var value = token.Value.ToLowerInvariant();
        if (kind is FilterKind.From or FilterKind.To && value.StartsWith('@'))
            value = value[1..];
        if (value.Length == 0)
            throw new RuleSyntaxException($"expected a value after '{name}:'", valueColumn);
        var valid = kind switch
        {
            FilterKind.Lang => value.Length is >= 2 and <= 3 && value.All(char.IsAsciiLetterLower),
            FilterKind.Channel => Enum.GetValues<ChannelKind>().Any(c => RulePrinter.ChannelName(c) == value),
            _ => value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'),
        };
        if (!valid)
            throw new RuleSyntaxException(kind switch
            {
                FilterKind.Lang => $"'{token.Value}' is not a language code like 'en'",
                FilterKind.Channel => $"unknown channel '{token.Value}' (use {string.Join(", ", Enum.GetValues<ChannelKind>().Select(RulePrinter.ChannelName))})",
                _ => $"'{token.Value}' is not a handle",
            }, valueColumn);
        return new FilterNode(kind, value);
    }
}
