namespace Engine.Tests.Listening;

using CsCheck;
using Engine.Listening;

public sealed class RuleParserTests
{
    private static RuleNode P(string rule) => RuleParser.Parse(rule);

    [Fact]
    public void Parses_terms_phrases_prefixes_filters_and_operators_with_AND_tighter_than_OR()
    {
        Assert.Equal(new OrNode(new AndNode(new TermNode("refund"), new TermNode("late")), new PrefixNode("cancel")),
            P("refund late OR cancel*"));
        Assert.Equal(new AndNode(new TermNode("refund"), new OrNode(new TermNode("late"), new PhraseNode("never arrived"))),
            P("Refund AND (late OR \"Never  arrived\")"));
        Assert.Equal(new AndNode(new AndNode(new FilterNode(FilterKind.Lang, "en"), new FilterNode(FilterKind.Channel, "x")),
                new NotNode(new FilterNode(FilterKind.From, "acmehelp"))),
            P("lang:EN channel:x NOT from:@AcmeHelp"));
        Assert.Equal(new NotNode(new NotNode(new TermNode("and"))), P("NOT NOT and"));   // lower-case "and" is a word
        Assert.Equal(new PhraseNode("e mail"), P("e-mail"));                              // one word, two tokens
        Assert.Equal(new TermNode("don't"), P("Don’t"));
        Assert.Equal(new PhraseNode("10 30"), P("10:30"));                                // not a filter
    }

    [Theory]
    [InlineData("refund \"late delivery", "unclosed quote at column 8")]
    [InlineData("NOT ", "expected a term after NOT at column 5")]
    [InlineData("NOT NOT", "expected a term after NOT at column 8")]
    [InlineData("refund OR", "expected a term after OR at column 10")]
    [InlineData("(refund OR ) late", "expected a term after OR at column 12")]
    [InlineData("refund AND late) OR cancel", "unbalanced ')' at column 16")]
    [InlineData(") refund", "unbalanced ')' at column 1")]
    [InlineData("a (refund OR late", "unclosed '(' at column 3")]
    [InlineData("  foo:bar", "unknown filter 'foo:' (use lang:, channel:, from:, to:) at column 3")]
    [InlineData("refund lang:", "expected a value after 'lang:' at column 13")]
    [InlineData("refund lang:english", "'english' is not a language code like 'en' at column 13")]
    [InlineData("refund channel:myspace", "unknown channel 'myspace' (use x, facebook, instagram, messenger, webchat, email, review, sms, whatsapp) at column 16")]
    [InlineData("re*und", "a wildcard '*' may only end a word at column 3")]
    [InlineData("refund *", "a wildcard needs letters or digits before '*' at column 8")]
    [InlineData("e-mai*", "a wildcard must end a single word at column 1")]
    [InlineData("refund ()", "empty parentheses at column 8")]
    [InlineData("refund \"\"", "the quotes hold no words at column 8")]
    [InlineData("OR refund", "expected a term before OR at column 1")]
    [InlineData("   ", "the rule is empty at column 1")]
    [InlineData("refund !!!", "'!!!' has no letters or digits at column 8")]
    public void Errors_name_the_mistake_and_its_column(string rule, string message)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => P(rule));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validation_for_saving_also_refuses_rules_that_would_match_the_whole_feed()
    {
        Assert.Null(ListeningRuleSet.Validate("lang:en NOT spam refund*"));
        Assert.Equal(new ListeningRuleProblem(1, "the rule needs a word, phrase or prefix outside NOT, or it would match the whole feed"),
            ListeningRuleSet.Validate("lang:en NOT spam"));
        Assert.Equal(new ListeningRuleProblem(6, "expected a term after AND at column 6"), ListeningRuleSet.Validate("a AND"));
    }

    // Random trees in the language's normal form: lower-case tokens, phrases of two or more words.
    private static readonly Gen<string> Words = Gen.OneOf(Gen.Const("and"), Gen.Const("don't"), Gen.Const("10"), Gen.Const("é"),
        Gen.String[Gen.Char["abcz09"], 1, 6]);

    private static readonly Gen<RuleNode> Leaves = Gen.OneOf<RuleNode>(
        Words.Select(w => (RuleNode)new TermNode(w)),
        Gen.Select(Words, Words, (a, b) => (RuleNode)new PhraseNode($"{a} {b}")),
        Words.Select(w => (RuleNode)new PrefixNode(w)),
        Gen.OneOf(Gen.Const("en"), Gen.Const("de")).Select(v => (RuleNode)new FilterNode(FilterKind.Lang, v)),
        Gen.OneOf(Gen.Const("x"), Gen.Const("facebook")).Select(v => (RuleNode)new FilterNode(FilterKind.Channel, v)),
        Words.Where(w => !w.Contains('\'') && w != "é").Select(v => (RuleNode)new FilterNode(FilterKind.To, v)));

    private static Gen<RuleNode> Trees(int depth) => depth == 0
        ? Leaves
        : Gen.Frequency(
            (2, Leaves),
            (2, Gen.Select(Trees(depth - 1), Trees(depth - 1), (l, r) => (RuleNode)new AndNode(l, r))),
            (2, Gen.Select(Trees(depth - 1), Trees(depth - 1), (l, r) => (RuleNode)new OrNode(l, r))),
            (1, Trees(depth - 1).Select(n => (RuleNode)new NotNode(n))));

    [Fact]
    public void Printing_a_tree_and_parsing_it_gives_the_same_tree()
    {
        Trees(5).Sample(tree => Equals(P(tree.ToString()), tree), iter: 3000, print: t => t.ToString());
    }

    [Fact]
    public void Garbage_only_ever_fails_with_a_syntax_error_and_quickly()
    {
        var garbage = Gen.OneOf(
            Gen.String,
            Gen.String[Gen.Char["()\"*: ANDORTlangchx-@'"], 0, 60],
            Gen.OneOf(Gen.Const("("), Gen.Const(")"), Gen.Const("AND"), Gen.Const("OR"), Gen.Const("NOT"), Gen.Const("\""),
                Gen.Const("a"), Gen.Const("lang:en"), Gen.Const("x*"), Gen.Const(" ")).Array[0, 40].Select(parts => string.Concat(parts)));
        garbage.Sample(rule =>
        {
            try
            {
                var tree = P(rule);
                return Equals(P(tree.ToString()), tree);
            }
            catch (RuleSyntaxException e)
            {
                return e.Column >= 1 && e.Column <= rule.Length + 1;
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Deep_nesting_is_parsed_without_trouble()
    {
        var rule = new string('(', 2000) + "refund" + new string(')', 2000);
        Assert.Equal(new TermNode("refund"), P(rule));
    }
}
