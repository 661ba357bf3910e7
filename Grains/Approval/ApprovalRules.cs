namespace Engine.Approval;

using Engine.Conversations;
using Engine.Insight;
using Engine.Listening;

/// <summary>What the approval policy looks at for one outbound text. <see cref="Risk"/> is the conversation's highest
/// customer-message risk score (0-100), null when none is known.</summary>
public sealed record ReplyFacts(Visibility Visibility, ChannelKind Channel, IReadOnlySet<string> AgentGroups, int? Risk, string Text);

/// <summary>
/// A tenant's <see cref="ApprovalPolicy"/> compiled once (keywords included), deciding whether a reply needs approval.
/// Pure: the same facts always give the same answer.
/// </summary>
public sealed class ApprovalRules
{
    public static readonly ApprovalRules None = new(ApprovalPolicy.None);

    private readonly (ApprovalRule Rule, KeywordRules? Keywords)[] _rules;

    public ApprovalRules(ApprovalPolicy policy)
    {
        Policy = policy;
        _rules = [.. policy.Rules.Select(r => (r, r.Keywords is { Count: > 0 } words
            ? new KeywordRules([new KeywordCategory(r.Name, words, 0)]) : null))];
    }

    public ApprovalPolicy Policy { get; }

    /// <summary>Whether any rule looks at the agent's groups, so the caller only asks for them when they matter.</summary>
    public bool UsesAgentGroups => Policy.Rules.Any(r => r.AgentGroups is { Count: > 0 });

    /// <summary>Null when no rule applies; otherwise each applying rule with what it matched, and who may decide.</summary>
    public ApprovalNeed? Evaluate(ReplyFacts facts)
    {
        if (_rules.Length == 0) return null;
        PostText? text = null;
        var reasons = new List<string>();
        var reviewers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (rule, keywords) in _rules)
        {
            var matched = new List<string>();
            if (rule.Visibility is { } visibility)
            {
                if (facts.Visibility != visibility) continue;
                matched.Add(visibility.ToString().ToLowerInvariant());
            }
            if (rule.Channels is { Count: > 0 } channels)
            {
                if (!channels.Contains(facts.Channel)) continue;
                matched.Add($"channel {facts.Channel.ToString().ToLowerInvariant()}");
            }
            if (rule.AgentGroups is { Count: > 0 } groups)
            {
                if (groups.FirstOrDefault(facts.AgentGroups.Contains) is not { } group) continue;
                matched.Add($"agent group {group}");
            }
            if (rule.MinRisk is { } minRisk)
            {
                if (facts.Risk is not { } risk || risk < minRisk) continue;
                matched.Add($"risk {risk} >= {minRisk}");
            }
            if (keywords is not null)
            {
                text ??= PostText.Of(facts.Text);
                var hit = keywords.Match(text).Select(m => m.Term).FirstOrDefault();
                if (hit is null) continue;
                matched.Add($"keyword '{hit}'");
            }
            reasons.Add($"{rule.Name}: {string.Join("; ", matched)}");
            if (rule.Reviewers is { Count: > 0 } named) reviewers.UnionWith(named);
        }
        if (reasons.Count == 0) return null;
        // A rule that names its reviewers narrows the draft to them (legal words need legal, even on a public reply
        // any reviewer could pass); when no applying rule names anyone, any reviewer may decide.
        return new ApprovalNeed(reasons, [.. reviewers]);
    }

    /// <summary>Whether <paramref name="reviewerId"/> may decide a draft held for <paramref name="reviewers"/>.</summary>
    public static bool MayDecide(IReadOnlyList<string> reviewers, string reviewerId) =>
        reviewers.Count == 0 || reviewers.Contains(reviewerId, StringComparer.Ordinal);
}
