namespace Engine.Listening;

using Engine.Conversations;

/// <summary>A listening rule as written is wrong at <see cref="Column"/> (1-based); the message names the mistake.</summary>
public sealed class RuleSyntaxException(string problem, int column)
    : FormatException($"{problem} at column {column}")
{
    public string Problem => problem;

    public int Column => column;
}

public enum FilterKind { Lang, Channel, From, To }

/// <summary>
/// The syntax tree of a listening rule. Words are stored normalised (lower-case tokens), so two spellings that
/// match the same posts parse to equal trees, and <see cref="RuleNode.ToString"/> prints a rule that parses back to it.
/// </summary>
public abstract record RuleNode
{
    public sealed override string ToString() => RulePrinter.Print(this);
}

/// <summary>One word.</summary>
public sealed record TermNode(string Token) : RuleNode;

/// <summary>Words in a row, stored as its tokens joined by single spaces.</summary>
public sealed record PhraseNode(string Text) : RuleNode
{
    public string[] Tokens { get; } = Text.Split(' ');

    // Equal by text alone: the token array is derived from it (and arrays compare by reference).
    public bool Equals(PhraseNode? other) => other is not null && Text == other.Text;

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
}

/// <summary>A word that starts with <see cref="Stem"/> (written <c>refund*</c>).</summary>
public sealed record PrefixNode(string Stem) : RuleNode;

public sealed record FilterNode(FilterKind Kind, string Value) : RuleNode;

public sealed record AndNode(RuleNode Left, RuleNode Right) : RuleNode;

public sealed record OrNode(RuleNode Left, RuleNode Right) : RuleNode;

public sealed record NotNode(RuleNode Operand) : RuleNode;

/// <summary>Prints a tree in the rule language with the fewest parentheses that keep its shape.</summary>
public static class RulePrinter
{
    public static string Print(RuleNode node) => node switch
    {
        TermNode t => t.Token,
        PhraseNode p => $"\"{p.Text}\"",
        PrefixNode p => p.Stem + "*",
        FilterNode f => $"{FilterName(f.Kind)}:{f.Value}",
        // Both operators group to the left, so a right operand of the same operator needs parentheses.
        OrNode o => $"{Print(o.Left)} OR {Wrap(o.Right, o.Right is OrNode)}",
        AndNode a => $"{Wrap(a.Left, a.Left is OrNode)} AND {Wrap(a.Right, a.Right is OrNode or AndNode)}",
        NotNode n => $"NOT {Wrap(n.Operand, n.Operand is OrNode or AndNode)}",
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown rule node."),
    };

    public static string FilterName(FilterKind kind) => kind switch
    {
        FilterKind.Lang => "lang",
        FilterKind.Channel => "channel",
        FilterKind.From => "from",
        _ => "to",
    };

    /// <summary>Channel names as filters spell them: the engine's channel kinds, lower-case.</summary>
    public static string ChannelName(ChannelKind channel) => channel.ToString().ToLowerInvariant();

    private static string Wrap(RuleNode node, bool parenthesise) => parenthesise ? $"({Print(node)})" : Print(node);
}
