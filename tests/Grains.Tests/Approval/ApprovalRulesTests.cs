namespace Engine.Tests.Approval;

using Engine.Approval;
using Engine.Conversations;

/// <summary>The approval predicate as a table: which replies a policy holds, why, and who may decide them.</summary>
public sealed class ApprovalRulesTests
{
    // Brand replies from the twcs corpus (tweets 658, 3264, 1531): refund and compensation talk is what legal vets.
    private const string RefundReply = "@115839 I'm sorry your book arrived this way! You can find replacement/refund options here: https://t.co/zRrkpVcaDF ^VS";
    private const string CompensationReply = "@116470 Hello, John. Our system shows you were already compensated for flight 4459 today with $100.00 Delta travel vouchers for each of you.";
    private const string PlainReply = "@116025 Did you view our link? Just look at our guarantee for steps on activating it. ^D";

    private static readonly ApprovalRules Policy = new(new ApprovalPolicy([
        new ApprovalRule("public-x", Visibility.Public, [ChannelKind.X]),
        new ApprovalRule("trainees", AgentGroups: ["trainees"]),
        new ApprovalRule("high-risk", MinRisk: 70, Reviewers: ["comms-1"]),
        new ApprovalRule("legal-words", Keywords: ["refund*", "compensat*", "legal action"], Reviewers: ["legal-1", "legal-2"]),
    ]));

    private static readonly HashSet<string> NoGroups = [];

    public static TheoryData<string, Visibility, ChannelKind, string[], int?, string, string[]> Table => new()
    {
        // what, visibility, channel, agent groups, risk, text, rules that apply
        { "private DM by a regular agent, low risk", Visibility.Private, ChannelKind.X, [], 10, PlainReply, [] },
        { "public X reply", Visibility.Public, ChannelKind.X, [], null, PlainReply, ["public-x"] },
        { "public Facebook reply is another channel", Visibility.Public, ChannelKind.Facebook, [], null, PlainReply, [] },
        { "private reply by a trainee", Visibility.Private, ChannelKind.Messenger, ["billing", "trainees"], null, PlainReply, ["trainees"] },
        { "risk exactly at the threshold", Visibility.Private, ChannelKind.Email, [], 70, PlainReply, ["high-risk"] },
        { "risk just under the threshold", Visibility.Private, ChannelKind.Email, [], 69, PlainReply, [] },
        { "unknown risk does not match a risk rule", Visibility.Private, ChannelKind.Email, [], null, PlainReply, [] },
        { "refund by prefix, in private", Visibility.Private, ChannelKind.Messenger, [], null, RefundReply, ["legal-words"] },
        { "compensated by prefix, in public on X", Visibility.Public, ChannelKind.X, [], null, CompensationReply, ["public-x", "legal-words"] },
        { "a phrase matches as words in a row", Visibility.Private, ChannelKind.Email, [], null, "We will not take legal action.", ["legal-words"] },
        { "the phrase's words apart do not", Visibility.Private, ChannelKind.Email, [], null, "Legal said no action is needed.", [] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void A_reply_is_held_exactly_by_the_rules_whose_every_condition_holds(
        string what, Visibility visibility, ChannelKind channel, string[] groups, int? risk, string text, string[] expected)
    {
        var need = Policy.Evaluate(new ReplyFacts(visibility, channel, groups.ToHashSet(), risk, text));

        var applied = need?.Reasons.Select(r => r[..r.IndexOf(':')]).ToArray() ?? [];
        Assert.True(expected.SequenceEqual(applied), $"{what}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", applied)}]");
    }

    [Fact]
    public void A_rule_needs_all_of_its_conditions()
    {
        var rules = new ApprovalRules(new ApprovalPolicy([new ApprovalRule("public-refunds", Visibility.Public, Keywords: ["refund*"])]));

        Assert.Null(rules.Evaluate(new ReplyFacts(Visibility.Private, ChannelKind.X, NoGroups, null, RefundReply)));
        Assert.Null(rules.Evaluate(new ReplyFacts(Visibility.Public, ChannelKind.X, NoGroups, null, PlainReply)));
        Assert.NotNull(rules.Evaluate(new ReplyFacts(Visibility.Public, ChannelKind.X, NoGroups, null, RefundReply)));
    }

    [Fact]
    public void The_reason_says_what_matched()
    {
        var need = Policy.Evaluate(new ReplyFacts(Visibility.Private, ChannelKind.Email, new HashSet<string> { "trainees" }, 85, RefundReply))!;

        Assert.Equal(["trainees: agent group trainees", "high-risk: risk 85 >= 70", "legal-words: keyword 'refund*'"], need.Reasons);
    }

    [Fact]
    public void Rules_that_name_reviewers_narrow_who_may_decide_even_when_an_open_rule_also_applies()
    {
        var need = Policy.Evaluate(new ReplyFacts(Visibility.Public, ChannelKind.X, NoGroups, null, CompensationReply))!;

        Assert.Equal(["legal-1", "legal-2"], need.Reviewers);
        Assert.True(ApprovalRules.MayDecide(need.Reviewers, "legal-2"));
        Assert.False(ApprovalRules.MayDecide(need.Reviewers, "comms-1"));
    }

    [Fact]
    public void When_no_applying_rule_names_reviewers_any_reviewer_may_decide()
    {
        var need = Policy.Evaluate(new ReplyFacts(Visibility.Public, ChannelKind.X, NoGroups, null, PlainReply))!;

        Assert.Empty(need.Reviewers);
        Assert.True(ApprovalRules.MayDecide(need.Reviewers, "anyone"));
    }

    [Fact]
    public void No_policy_holds_nothing_and_only_group_rules_ask_for_groups()
    {
        Assert.Null(ApprovalRules.None.Evaluate(new ReplyFacts(Visibility.Public, ChannelKind.X, NoGroups, 100, RefundReply)));
        Assert.True(Policy.UsesAgentGroups);
        Assert.False(new ApprovalRules(new ApprovalPolicy([new ApprovalRule("p", Visibility.Public)])).UsesAgentGroups);
    }

    [Fact]
    public void A_keyword_without_letters_or_digits_is_refused_when_the_policy_is_compiled() =>
        Assert.Throws<ArgumentException>(() => new ApprovalRules(new ApprovalPolicy([new ApprovalRule("bad", Keywords: ["!!"])])));
}
