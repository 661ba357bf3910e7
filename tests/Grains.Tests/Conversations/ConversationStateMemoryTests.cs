namespace Engine.Tests.Conversations;

using Engine.Conversations;

/// <summary>What a conversation keeps per message in memory (issue 9, suite 5): one copy of each author, however many
/// copies the messages arrive with, and messages still found by channel and id.</summary>
public sealed class ConversationStateMemoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static MessageAdded Message(string id, AuthorKind kind, string identity) =>
        new(Now, 1, id, new MessageAuthor(kind, new string(identity.AsSpan())), $"text {id}", Now, null, []);

    private static ConversationState Fold(params ConversationEvent[] events)
    {
        var state = new ConversationState(Guid.NewGuid());
        state.Apply(new ConversationStarted(Now, "acme", null, null, null));
        state.Apply(new ThreadOpened(Now, 1, ChannelKind.X, Visibility.Public, "t"));
        foreach (var e in events) state.Apply(e);
        return state;
    }

    [Fact]
    public void Messages_of_one_author_share_one_author_record_and_status_changes_share_its_identity()
    {
        var state = Fold(
            Message("1", AuthorKind.Customer, "x:1"),
            Message("2", AuthorKind.Agent, "x:acme"),
            new StatusChanged(Now, ConversationStatus.Open, ConversationStatus.Pending, new string("x:acme".AsSpan()), "brand replied"),
            Message("3", AuthorKind.Customer, "x:1"));

        var messages = state.Threads[0].Messages.Select(m => m.Message).ToList();
        Assert.Same(messages[0].Author, messages[2].Author);
        Assert.NotSame(messages[0].Author, messages[1].Author);
        Assert.Same(messages[1].Author.Identity, state.StatusHistory[0].By);
        Assert.Equal(["1", "2", "3"], messages.Select(m => m.PlatformMessageId));
        Assert.Same(messages[2], state.LastMessage);
    }

    [Fact]
    public void A_message_is_found_by_channel_and_id_only()
    {
        var state = Fold(Message("1", AuthorKind.Customer, "x:1"));

        Assert.True(state.TryFindMessage(ChannelKind.X, new string("1".AsSpan()), out var found));
        Assert.Equal((1, 3L), found);
        Assert.False(state.TryFindMessage(ChannelKind.Facebook, "1", out _));
        Assert.False(state.TryFindMessage(ChannelKind.X, "2", out _));
    }

    private static ConversationEvent[] Exchange(int count) => Enumerable.Range(1, count)
        .SelectMany(i => new ConversationEvent[]
        {
            Message($"{i}", i % 2 == 1 ? AuthorKind.Customer : AuthorKind.Agent, i % 2 == 1 ? "x:1" : "x:acme"),
            new StatusChanged(Now, ConversationStatus.Open, i % 2 == 1 ? ConversationStatus.Open : ConversationStatus.Pending, "x:acme", "turn"),
        }).ToArray();

    [Fact]
    public void A_lean_state_keeps_the_newest_text_and_the_last_status_change_and_decides_as_the_full_fold()
    {
        var events = Exchange(6);
        var full = Fold(events);
        var lean = Fold(events).Lean();

        Assert.True(full.IsComplete);
        Assert.False(lean.IsComplete);
        var texts = lean.Threads[0].Messages.Select(m => ConversationState.IsTextInStore(m.Message) ? null : m.Message.Text).ToList();
        Assert.Equal([null, null, null, null, null, "text 6"], texts);
        Assert.Same(lean.Threads[0].Messages[^1].Message, lean.LastMessage);
        Assert.Single(lean.StatusHistory);
        Assert.Throws<InvalidOperationException>(() => lean.ToSnapshot());

        // What decisions read is the same as in the full fold.
        Assert.Equal(full.Threads[0].Messages.Select(m => (m.Message.PlatformMessageId, m.Sequence, m.Message.Author, m.Message.PlatformTimestamp)),
            lean.Threads[0].Messages.Select(m => (m.Message.PlatformMessageId, m.Sequence, m.Message.Author, m.Message.PlatformTimestamp)));
        Assert.Equal((full.Status, full.PendingSince, full.Version, full.MessageCount, full.LastMessage?.Text),
            (lean.Status, lean.PendingSince, lean.Version, lean.MessageCount, lean.LastMessage?.Text));
        var summary = ConversationProjection.Summary(full);
        Assert.Equal(summary, ConversationProjection.Summary(lean) with { Id = summary.Id, Channels = summary.Channels });

        // Folding on keeps it lean: the new message keeps its text, the one before gives it up.
        lean.Apply(Message("7", AuthorKind.Customer, "x:1"));
        Assert.Equal("text 7", lean.LastMessage!.Text);
        Assert.True(ConversationState.IsTextInStore(lean.Threads[0].Messages[^2].Message));
    }

    [Fact]
    public void An_outbound_message_keeps_its_text_until_its_delivery_settles()
    {
        var lean = Fold().Lean();
        lean.Apply(Message("r1", AuthorKind.Agent, "agent-1"));
        lean.Apply(new DeliveryQueued(Now, 1, "r1", "key-r1"));
        lean.Apply(Message("c2", AuthorKind.Customer, "x:1"));
        Assert.True(lean.HasTextOf(1, "r1")); // its outbox entry may still be built from the state

        lean.Apply(new DeliverySent(Now, "r1", 1, "remote-1"));
        Assert.False(lean.HasTextOf(1, "r1"));
        Assert.True(lean.HasTextOf(1, "c2"));
    }

    [Fact]
    public void A_reply_shares_its_parents_id_and_a_root_its_threads_key()
    {
        var state = Fold(
            new MessageAdded(Now, 1, new string("t".AsSpan()), new MessageAuthor(AuthorKind.Customer, "x:1"), "root", Now, null, []),
            new MessageAdded(Now, 1, "m2", new MessageAuthor(AuthorKind.Agent, "x:acme"), "reply", Now, new string("t".AsSpan()), []));

        var messages = state.Threads[0].Messages;
        Assert.Same(state.Threads[0].ThreadKey, messages[0].Message.PlatformMessageId);
        Assert.Same(messages[0].Message.PlatformMessageId, messages[1].Message.InReplyTo);
    }

    [Fact]
    public void Messages_are_found_the_same_below_and_above_the_size_where_an_index_is_built()
    {
        var state = Fold();
        for (var i = 1; i <= 40; i++)
        {
            state.Apply(Message($"m{i}", AuthorKind.Customer, "x:1"));
            Assert.Equal(i, state.MessageCount);
            for (var j = 1; j <= i; j++)
                Assert.True(state.TryFindMessage(ChannelKind.X, new string($"m{j}".AsSpan()), out var found) && found.Sequence == j + 2);
            Assert.False(state.TryFindMessage(ChannelKind.X, $"m{i + 1}", out _));
            Assert.False(state.TryFindMessage(ChannelKind.Facebook, "m1", out _));
        }
    }

    [Fact]
    public void A_lean_state_keeps_of_a_risk_its_score_and_priority()
    {
        var risk = new Engine.Insight.RiskAssessment(72.5, Priority.High, new Engine.Insight.SentimentScores(0.6, 0.4, 0, -0.8),
            [new Engine.Insight.RiskReason("negative", 40, "negative -0.80")], ["lawyer"]);
        var events = new ConversationEvent[] { Message("1", AuthorKind.Customer, "x:1") with { Risk = risk }, Message("2", AuthorKind.Agent, "x:acme") };
        var full = Fold(events);
        var lean = Fold(events).Lean();

        var kept = lean.Threads[0].Messages[0].Message.Risk!;
        Assert.Equal((72.5, Priority.High), (kept.Score, kept.Priority));
        Assert.Empty(kept.Reasons);
        Assert.Equal(full.LatestRisk!.Score, lean.LatestRisk!.Score);
        Assert.Equal(ConversationDecisions.HighestCustomerRisk(full), ConversationDecisions.HighestCustomerRisk(lean));
        Assert.Same(risk, full.Threads[0].Messages[0].Message.Risk); // the full fold (views) keeps it all
    }
}
