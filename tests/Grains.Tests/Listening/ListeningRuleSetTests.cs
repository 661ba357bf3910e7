namespace Engine.Tests.Listening;

using CsCheck;
using Engine.Conversations;
using Engine.Listening;

public sealed class ListeningRuleSetTests
{
    private static IReadOnlyList<string> Match(string query, ListeningPost post) =>
        new ListeningRuleSet([new ListeningRule("r", query)]).Match(post);

    private static ListeningPost Post(string text, ChannelKind channel = ChannelKind.X, string? lang = "en", string? from = "someone") =>
        new("p", channel, text, lang, from);

    [Theory]
    [InlineData("refund", "Still waiting for my REFUND!!", true)]
    [InlineData("refund", "refunds are slow", false)]
    [InlineData("refund*", "refunds are slow", true)]
    [InlineData("\"never arrived\"", "My parcel never, ever arrived", false)]
    [InlineData("\"never arrived\"", "My parcel NEVER arrived.", true)]
    [InlineData("parcel NOT arrived", "parcel arrived", false)]
    [InlineData("parcel NOT arrived", "parcel lost", true)]
    [InlineData("(late OR lost) parcel", "lost my parcel", true)]
    [InlineData("(late OR lost) parcel", "lost my keys", false)]
    [InlineData("parcel to:acmehelp", "@AcmeHelp where is my parcel", true)]
    [InlineData("parcel to:acmehelp", "@OtherBrand where is my parcel", false)]
    [InlineData("parcel to:acme_help", "@Acme_Help where is my parcel", true)]
    [InlineData("\"acme help\"", "@Acme_Help where is my parcel", true)]
    [InlineData("parcel from:someone lang:en channel:x", "parcel", true)]
    [InlineData("parcel lang:de", "parcel", false)]
    [InlineData("parcel channel:facebook", "parcel", false)]
    [InlineData("parcel NOT from:someone", "parcel", false)]
    public void Matches_posts_by_words_phrases_prefixes_and_filters(string query, string text, bool matches) =>
        Assert.Equal(matches ? ["r"] : [], Match(query, Post(text)));

    [Fact]
    public void A_post_is_matched_against_all_rules_at_once_in_rule_order()
    {
        var rules = new ListeningRuleSet(
        [
            new("outage", "down OR outage OR \"not working\""),
            new("churn", "cancel* OR \"switching to\""),
            new("competitor", "globex NOT from:globex"),
            new("german", "lang:de NOT werbung"),
        ]);
        Assert.Equal(1, rules.Unindexed);
        Assert.Equal(["outage", "churn"], rules.Match(Post("App not working again, cancelling")));
        Assert.Equal(["competitor", "german"], rules.Match(Post("globex ist besser", lang: "de")));
        Assert.Empty(rules.Match(Post("globex news", from: "globex")));
    }

    [Fact]
    public void The_index_finds_exactly_what_checking_every_rule_finds()
    {
        var words = new[] { "refund", "late", "parcel", "cancel", "never", "arrived", "acme", "help", "lost", "broken" };
        var word = Gen.OneOf(words.Select(Gen.Const).ToArray());
        var leaf = Gen.OneOf(word, word.Select(w => w[..3] + "*"), Gen.Select(word, word, (a, b) => $"\"{a} {b}\""),
            Gen.Const("lang:en"), Gen.Const("channel:x"), Gen.Const("to:acme"));
        var query = Gen.Select(leaf, leaf, leaf, Gen.Int[0, 5], (a, b, c, shape) => shape switch
        {
            0 => $"{a} {b}",
            1 => $"{a} OR {b} OR {c}",
            2 => $"({a} OR {b}) NOT {c}",
            3 => $"NOT {a} OR {b}",
            4 => $"{a} AND NOT ({b} {c})",
            _ => $"NOT {a}",
        });
        var text = word.Array[0, 12].Select(w => string.Join(' ', w.Select((x, i) => i % 4 == 3 ? "@" + x : x)));
        Gen.Select(query.Array[1, 30], text.Array[1, 20], Gen.Bool).Sample((queries, texts, de) =>
        {
            var set = new ListeningRuleSet(queries.Select((q, i) => new ListeningRule($"r{i}", q)));
            return texts.All(t =>
            {
                var document = new ListeningDocument(Post(t, lang: de ? "de" : "en"));
                return set.Match(document).SequenceEqual(set.MatchEveryRule(document));
            });
        }, iter: 500);
    }
}
