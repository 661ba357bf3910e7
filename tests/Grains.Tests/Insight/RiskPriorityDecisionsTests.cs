namespace Engine.Tests.Insight;

using Engine.Conversations;
using Engine.Insight;
using static Engine.Conversations.ConversationDecisions;

/// <summary>How a message's risk sets the conversation's priority, and how engagement rescoring raises it (pure).</summary>
public sealed class RiskPriorityDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ThreadRoute Route = new(Guid.NewGuid(), "t", Guid.NewGuid());
    private static readonly RiskScorer Scorer = new(RiskPolicy.Default);

    private static InboundMessage Customer(string id, string text, AuthorInfluence? influence = null) => new(
        "acme", ChannelKind.X, Visibility.Public, id, new MessageAuthor(AuthorKind.Customer, "x:1"), text,
        Now, Now, "t", Influence: influence);

    private static void Ingest(ConversationState state, InboundMessage message, bool byBrand = false)
    {
        var risk = byBrand ? null : Scorer.Score(message.Text, message.Influence);
        foreach (var e in Assert.IsType<Append>(ConversationDecisions.Ingest(state, message, Route, Now, TimeSpan.FromDays(7), null, risk)).Events)
            state.Apply(e);
    }

    [Fact]
    public void A_legal_threat_from_an_influential_author_makes_the_conversation_high_and_keeps_its_reasons()
    {
        var state = new ConversationState(Route.ConversationId);
        Ingest(state, Customer("1", "This is terrible, my lawyer will hear about this", new AuthorInfluence(120_000)));

        Assert.Equal(Priority.High, state.Priority);
        var risk = Assert.IsType<RiskAssessment>(state.LatestRisk);
        Assert.Contains("author 120k followers", risk.Summary);
        Assert.Contains("'lawyer'", risk.Summary);
        var changed = Assert.Single(state.SlaHistory.OfType<PriorityChanged>());
        Assert.Equal((Priority.Normal, Priority.High, RiskActor), (changed.From, changed.To, changed.By));
        Assert.Contains("'lawyer'", changed.Reason);
    }

    [Fact]
    public void The_first_message_sets_the_priority_and_later_calmer_ones_never_lower_it()
    {
        var state = new ConversationState(Route.ConversationId);
        Ingest(state, Customer("1", "Thank you so much, you are great!"));
        Assert.Equal(Priority.Low, state.Priority);

        Ingest(state, Customer("2", "My phone caught fire and my hand is burned, this is dangerous"));
        Assert.Equal(Priority.Urgent, state.Priority);

        Ingest(state, Customer("3", "Thanks, all good now"));
        Assert.Equal(Priority.Urgent, state.Priority);
        Assert.Equal(Priority.Low, state.LatestRisk!.Priority);
    }

    [Fact]
    public void A_brands_message_is_not_scored()
    {
        var state = new ConversationState(Route.ConversationId);
        Ingest(state, Customer("1", "I will sue you") with { Author = new MessageAuthor(AuthorKind.Agent, "x:acme") }, byBrand: true);
        Assert.Null(state.LatestRisk);
        Assert.Equal(Priority.Normal, state.Priority);
    }

    [Fact]
    public void Engagement_velocity_rescores_the_message_and_raises_the_priority_once()
    {
        var state = new ConversationState(Route.ConversationId);
        Ingest(state, Customer("1", "Your service is bad and slow", new AuthorInfluence(50_000)));
        var before = state.LatestRisk!;
        Assert.Equal(Priority.Normal, state.Priority);

        var fast = new EngagementVelocity(400, 100, 50);
        var events = Rescore(state, ChannelKind.X, "1", Scorer, fast, Now.AddMinutes(5));
        foreach (var e in events) state.Apply(e);

        var rescored = Assert.IsType<MessageRiskChanged>(events[0]);
        Assert.True(rescored.Risk.Score >= before.Score + 15, $"{before.Score} -> {rescored.Risk.Score}");
        Assert.Contains(rescored.Risk.Reasons, r => r.Factor == "engagement");
        Assert.Equal(rescored.Risk, state.LatestRisk);
        Assert.Equal(Priority.High, state.Priority);
        // The same velocity again changes nothing: no event.
        Assert.Empty(Rescore(state, ChannelKind.X, "1", Scorer, fast, Now.AddMinutes(6)));
        Assert.Empty(Rescore(state, ChannelKind.X, "unknown", Scorer, fast, Now.AddMinutes(6)));
    }

    [Fact]
    public void The_latest_risk_is_the_newest_message_by_platform_time_even_when_an_older_one_arrives_or_is_rescored_later()
    {
        var state = new ConversationState(Route.ConversationId);
        Ingest(state, Customer("new", "Thanks, all good now") with { PlatformTimestamp = Now.AddMinutes(10) });
        // Delivered late but written earlier: it does not become what the case is about now.
        Ingest(state, Customer("old", "My phone caught fire and my hand is burned, this is dangerous"));
        Assert.Equal(Priority.Low, state.LatestRisk!.Priority);

        foreach (var e in Rescore(state, ChannelKind.X, "old", Scorer, new EngagementVelocity(400, 100, 50), Now.AddMinutes(11)))
            state.Apply(e);
        Assert.Equal(Priority.Low, state.LatestRisk!.Priority);

        // A newer message in another thread takes over.
        var dm = Customer("dm", "I will sue you, my lawyer is ready") with
        {
            Channel = ChannelKind.Messenger, Visibility = Visibility.Private, ThreadKey = "dm", PlatformTimestamp = Now.AddMinutes(12),
        };
        Ingest(state, dm);
        Assert.Contains("'lawyer'", state.LatestRisk!.Summary);
    }
}
