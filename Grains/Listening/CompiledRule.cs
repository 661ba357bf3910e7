namespace Engine.Listening;

using Engine.Conversations;

/// <summary>A post prepared once for all rules: normalised tokens and lower-case metadata.</summary>
public sealed class ListeningDocument
{
    public ListeningDocument(ListeningPost post)
    {
        Text = PostText.Of(post.Text);
        Channel = post.Channel;
        Lang = post.Lang?.ToLowerInvariant();
        From = post.AuthorHandle?.TrimStart('@').ToLowerInvariant();
        var to = new HashSet<string>(Text.Mentions, StringComparer.Ordinal);
        foreach (var handle in post.Recipients ?? [])
            to.Add(handle.TrimStart('@').ToLowerInvariant());
        To = to;
    }

    public PostText Text { get; }

    public ChannelKind Channel { get; }

    public string? Lang { get; }

    public string? From { get; }

    public IReadOnlySet<string> To { get; }
}

/// <summary>A rule's tree turned into one delegate, so matching does no tree walking or string work.</summary>
public static class CompiledRule
{
    public static Func<ListeningDocument, bool> Compile(RuleNode node) => node switch
    {
        TermNode t => d => d.Text.Contains(t.Token),
        PhraseNode p => Phrase(p.Tokens),
        PrefixNode p => d => d.Text.ContainsPrefix(p.Stem),
        FilterNode f => Filter(f),
        AndNode a => Both(Compile(a.Left), Compile(a.Right)),
        OrNode o => Either(Compile(o.Left), Compile(o.Right)),
        NotNode n => Not(Compile(n.Operand)),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "Unknown rule node."),
    };

    private static Func<ListeningDocument, bool> Phrase(string[] tokens) => d => d.Text.ContainsSequence(tokens);

    private static Func<ListeningDocument, bool> Both(Func<ListeningDocument, bool> left, Func<ListeningDocument, bool> right) =>
        d => left(d) && right(d);

    private static Func<ListeningDocument, bool> Either(Func<ListeningDocument, bool> left, Func<ListeningDocument, bool> right) =>
        d => left(d) || right(d);

    private static Func<ListeningDocument, bool> Not(Func<ListeningDocument, bool> operand) => d => !operand(d);

    private static Func<ListeningDocument, bool> Filter(FilterNode filter)
    {
        var value = filter.Value;
        switch (filter.Kind)
        {
            case FilterKind.Lang:
                return d => d.Lang == value;
            case FilterKind.Channel:
                var channel = Enum.GetValues<ChannelKind>().First(c => RulePrinter.ChannelName(c) == value);
                return d => d.Channel == channel;
            case FilterKind.From:
                return d => d.From == value;
            default:
                return d => d.To.Contains(value);
        }
    }
}
