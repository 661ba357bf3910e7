namespace Engine.Tests.Insight;

using Engine.Conversations;
using Engine.Insight;

public sealed class RiskScorerTests
{
    private static readonly RiskScorer Scorer = new(RiskPolicy.Default);

    [Fact]
    public void An_angry_legal_threat_from_a_big_account_is_urgent_with_its_reasons()
    {
        var risk = Scorer.Score("This is terrible, worst service ever. I'm calling my lawyer.", new AuthorInfluence(120_000));
        Assert.Equal(Priority.Urgent, risk.Priority);
        Assert.Contains("author 120k followers", risk.Summary);
        Assert.Contains("'lawyer'", risk.Summary);
        Assert.StartsWith("negative -0.", risk.Reasons.Single(r => r.Factor == "sentiment").Text);
        Assert.Equal(["lawyer"], risk.Keywords);
        // Reasons come most weighty first and add up to the score.
        Assert.Equal(risk.Reasons.OrderByDescending(r => r.Points), risk.Reasons);
        Assert.Equal(risk.Score, Math.Round(risk.Reasons.Sum(r => r.Points), 1));
    }

    [Fact]
    public void A_thank_you_is_low_and_a_plain_question_normal()
    {
        var thanks = Scorer.Score("Thanks so much, great help!");
        Assert.Equal((Priority.Low, 0.0), (thanks.Priority, thanks.Score));
        Assert.Empty(thanks.Reasons);
        Assert.Equal(Priority.Normal, Scorer.Score("What time does the store open on Sunday?").Priority);
    }

    [Fact]
    public void Keywords_match_whole_words_phrases_and_prefixes_and_lift_priority_to_their_floor()
    {
        Assert.Empty(Scorer.Score("Love my new suede shoes").Keywords);                      // "sue" is not in "suede"
        Assert.Equal(["legal action"], Scorer.Score("We will take legal action").Keywords);
        Assert.Equal(["cancel my subscription"], Scorer.Score("How do I CANCEL my subscription?").Keywords);
        Assert.Empty(Scorer.Score("The driver cancelled my ride").Keywords);                  // not churn
        Assert.Equal(["journalist*"], Scorer.Score("I have written to journalists about this").Keywords);
        Assert.Empty(Scorer.Score("My Fire TV stick will not turn on").Keywords);             // a product, not a fire
        // Safety sets Urgent even from a calm message by a small account.
        var smoke = Scorer.Score("The charger started to smoke when plugged in");
        Assert.Equal(Priority.Urgent, smoke.Priority);
        Assert.True(smoke.Score < RiskPolicy.Default.UrgentAt);
    }

    [Fact]
    public void Each_category_reports_its_first_term_in_the_policys_order_and_categories_come_in_theirs()
    {
        var scorer = new RiskScorer(new RiskPolicy([
            new("first", ["refund*", "angry customer", "late"], 5),
            new("second", ["late", "very late*"], 5),
            new("third", ["never"], 5),
        ]));

        // "late" comes first in the text, but "refund*" comes first in the policy; a term may serve two categories.
        var both = scorer.Score("late again, where is my refunded money").Reasons.Select(r => (r.Factor, r.Text)).ToList();
        Assert.Equal([("keyword:first", "'refund*'"), ("keyword:second", "'late'")], both);
        // A phrase whose last word is a prefix, and a phrase needing its words in a row.
        Assert.Equal(["angry customer", "very late*"], scorer.Score("An angry customer: very lately nothing works").Keywords);
        Assert.Equal(["late", "late"], scorer.Score("customer angry, late? not very").Keywords);
    }

    [Fact]
    public void Reach_and_engagement_count_on_a_log_scale_and_are_capped()
    {
        double Points(RiskAssessment r, string factor) => r.Reasons.SingleOrDefault(x => x.Factor == factor)?.Points ?? 0;
        Assert.Equal(0, Points(Scorer.Score("hello", new AuthorInfluence(900)), "author"));
        Assert.Equal(8, Points(Scorer.Score("hello", new AuthorInfluence(10_000)), "author"), 6);
        Assert.Equal(24 + 6, Points(Scorer.Score("hello", new AuthorInfluence(50_000_000, Verified: true)), "author"), 6);
        Assert.Equal("verified author 50M followers", Scorer.Score("hello", new AuthorInfluence(50_000_000, true)).Summary);
        var slow = Scorer.Score("hello", engagement: new EngagementVelocity(1, 0, 0));
        var fast = Scorer.Score("hello", engagement: new EngagementVelocity(400, 200, 100));
        Assert.True(Points(fast, "engagement") > Points(slow, "engagement"));
        Assert.Equal(RiskScorer.MaxEngagementPoints, Points(fast, "engagement"));
        Assert.Equal("engagement 1200/min", fast.Summary);
    }

    [Fact]
    public void Velocity_is_growth_per_minute_between_two_samples()
    {
        var t = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var v = EngagementVelocity.Between(new(t, 10, 2, 0), new(t.AddMinutes(4), 50, 10, 8));
        Assert.Equal(new EngagementVelocity(10, 2, 2), v);
        Assert.Equal(EngagementVelocity.None, EngagementVelocity.Between(new(t, 10, 2, 0), new(t, 50, 10, 8)));
    }

    [Fact]
    public void Tenant_categories_replace_the_default_ones()
    {
        var scorer = new RiskScorer(new RiskPolicy([new("outage", ["down", "outage", "not working"], 50, Priority.High)]));
        var risk = scorer.Score("App is not working again");
        Assert.Equal(["not working"], risk.Keywords);
        Assert.Equal(Priority.High, risk.Priority);
        Assert.Empty(scorer.Score("I will sue you").Keywords);
        Assert.Throws<ArgumentException>(() => new RiskScorer(new RiskPolicy([new("bad", ["!!"], 1)])));
    }
}
