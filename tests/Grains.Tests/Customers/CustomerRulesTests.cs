namespace Engine.Tests.Customers;

using Engine.Conversations;
using Engine.Customers;
using Engine.Insight.Vader;

/// <summary>A customer's record rules, identity formats and the customer view, without a cluster.</summary>
public sealed class CustomerRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("x", "@AppleSupport", "x:applesupport")]
    [InlineData("x", "115712", "x:115712")]
    [InlineData("X", " 115712 ", "x:115712")]
    [InlineData("facebook", "1234567890", "facebook:1234567890")]
    [InlineData("instagram", "@Ann.B_", "instagram:ann.b_")]
    [InlineData("email", "Ann@Example.COM", "email:ann@example.com")]
    [InlineData("phone", "+44 (20) 7946-0958", "phone:+442079460958")]
    [InlineData("webchat", "visitor_9f2", "webchat:visitor_9f2")]
    public void Identities_are_normalised_so_one_person_is_not_two_by_spelling(string kind, string value, string expected) =>
        Assert.Equal((expected, null), IdentityFormats.Normalize(kind, value));

    [Theory]
    [InlineData("x", "way_too_long_handle_x")]
    [InlineData("x", "ann smith")]
    [InlineData("facebook", "ann")]
    [InlineData("email", "ann@")]
    [InlineData("email", "ann.example.com")]
    [InlineData("phone", "020 7946 0958")]
    [InlineData("phone", "+0123456")]
    [InlineData("webchat", "a/b")]
    [InlineData("myspace", "ann")]
    [InlineData("email", "")]
    public void Values_that_do_not_fit_their_kind_are_refused(string kind, string value)
    {
        var (identity, error) = IdentityFormats.Normalize(kind, value);
        Assert.Null(identity);
        Assert.NotNull(error);
    }

    [Fact]
    public void Parse_reads_kind_colon_value()
    {
        Assert.Equal(("email:a@b.co", null), IdentityFormats.Parse("email:A@b.co"));
        Assert.NotNull(IdentityFormats.Parse("ann").Error);
    }

    [Fact]
    public void Tracking_remembers_every_conversation_and_only_active_ones_as_active()
    {
        var state = new CustomerState();
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.True(state.Track(a, ConversationStatus.Open, T0));
        Assert.True(state.Track(b, ConversationStatus.Open, T0.AddMinutes(1)));
        Assert.True(state.Track(a, ConversationStatus.Resolved, T0.AddMinutes(2)));
        Assert.False(state.Track(a, ConversationStatus.Closed, T0.AddMinutes(3)));

        Assert.Equal(new[] { a, b }.Order(), state.AllConversations().Keys.Order());
        Assert.Equal(T0, state.AllConversations()[a]);
        Assert.Equal(b, state.MostRecentActive());
    }

    [Fact]
    public void A_merge_hands_everything_to_the_survivor_once_with_an_audit_entry_on_both_sides()
    {
        var (survivorId, fromId, c1, c2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var from = new CustomerState();
        from.AddIdentity("x:1");
        from.Linked("email:ann@example.com", "agent-1", T0, null);
        from.Track(c1, ConversationStatus.Open, T0);
        var survivor = new CustomerState();
        survivor.AddIdentity("messenger:9");
        survivor.Track(c2, ConversationStatus.Resolved, T0);

        var handOver = from.HandOver(survivorId, "sup-1", T0.AddHours(1), null);
        Assert.True(survivor.Absorb(fromId, handOver, "sup-1", T0.AddHours(1), null));

        Assert.Equal(survivorId, from.MergedInto);
        Assert.Equal(["messenger:9", "x:1", "email:ann@example.com"], survivor.Identities);
        Assert.Equal([c1, c2], survivor.AllConversations().Keys.OrderBy(id => id == c1 ? 0 : 1));
        Assert.Equal(c1, survivor.MostRecentActive());
        Assert.Equal([fromId], survivor.MergedFrom);
        var entry = Assert.Single(survivor.Audit);
        Assert.Equal(("sup-1", "merged-from", T0.AddHours(1)), (entry.By, entry.Action, entry.At));
        Assert.Contains("x:1", entry.Detail);
        Assert.Equal("merged-into", from.Audit[^1].Action);

        // Asked again (an interrupted merge finished by a retry): nothing changes and nothing is audited twice.
        var again = from.HandOver(survivorId, "sup-1", T0.AddHours(2), null);
        Assert.False(survivor.Absorb(fromId, again, "sup-1", T0.AddHours(2), null));
        Assert.Single(survivor.Audit);
        Assert.Equal(2, from.Audit.Count);
    }

    [Fact]
    public void Unlinking_removes_the_identity_and_audits_it_and_an_unknown_identity_changes_nothing()
    {
        var state = new CustomerState();
        state.Linked("phone:+442079460958", "agent-1", T0, null);
        Assert.True(state.Unlinked("phone:+442079460958", "agent-2", T0.AddMinutes(5)));
        Assert.False(state.Unlinked("phone:+442079460958", "agent-2", T0.AddMinutes(6)));
        Assert.Empty(state.Identities);
        Assert.Equal(["identity-linked", "identity-unlinked"], state.Audit.Select(a => a.Action));
        Assert.Equal("agent-2", state.Audit[1].By);
    }

    [Fact]
    public void Only_a_customer_that_is_one_new_identity_and_nothing_else_may_be_merged_automatically()
    {
        CustomerView View(int identities, int conversations, int audit) => new(Guid.NewGuid(), "t",
            Enumerable.Range(0, identities).Select(i => $"x:{i}").ToList(), [], true, null, [],
            Enumerable.Range(0, conversations).ToDictionary(_ => Guid.NewGuid(), _ => T0),
            Enumerable.Range(0, audit).Select(_ => new CustomerAuditEntry(T0, "a", "identity-linked", "x")).ToList());

        Assert.True(CustomerState.IsFreshSingleIdentity(View(1, 0, 0)));
        Assert.False(CustomerState.IsFreshSingleIdentity(View(1, 1, 0)));
        Assert.False(CustomerState.IsFreshSingleIdentity(View(2, 0, 0)));
        Assert.False(CustomerState.IsFreshSingleIdentity(View(1, 0, 1)));
    }

    [Fact]
    public void The_view_scores_the_customers_newest_message_across_all_conversations_and_channels()
    {
        var older = Conversation(ChannelKind.X, ("in", "I love this phone, thank you!", T0), ("out", "Glad to help", T0.AddMinutes(1)));
        var newer = Conversation(ChannelKind.Messenger, ("in", "Still broken. This is terrible and I want a refund.", T0.AddHours(2)),
            ("out", "Sorry to hear that! Wonderful news soon", T0.AddHours(3)));
        var customer = new CustomerView(Guid.NewGuid(), "t", ["x:1", "messenger:2"], [newer.Id], true, null, [],
            new Dictionary<Guid, DateTimeOffset> { [older.Id] = T0, [newer.Id] = T0.AddHours(2) }, []);

        var profile = CustomerProfileBuilder.Build(customer, [older, newer], SentimentAnalyzer.Default.Score);

        Assert.Equal([newer.Id, older.Id], profile.Conversations.Select(c => c.Id));
        Assert.Equal([ChannelKind.Messenger], profile.Conversations[0].Channels);
        var sentiment = Assert.IsType<CustomerSentiment>(profile.LatestSentiment);
        Assert.Equal((newer.Id, ChannelKind.Messenger, T0.AddHours(2)), (sentiment.ConversationId, sentiment.Channel, sentiment.At));
        Assert.Equal(SentimentAnalyzer.Default.Score("Still broken. This is terrible and I want a refund."), sentiment.Scores);
        Assert.True(sentiment.Scores.Compound < -0.4, $"compound {sentiment.Scores.Compound}");
    }

    private static ConversationView Conversation(ChannelKind channel, params (string Direction, string Text, DateTimeOffset At)[] messages)
    {
        var views = messages.Select((m, i) => new MessageView($"m{Guid.NewGuid():N}",
            new MessageAuthor(m.Direction == "in" ? AuthorKind.Customer : AuthorKind.Agent, "x:1"),
            m.Direction == "in" ? MessageDirection.Inbound : MessageDirection.Outbound, m.Text, m.At, m.At, null, [], i + 1)).ToList();
        var clock = new ClockView(null, [], null, TimeSpan.Zero, TimeSpan.Zero, 0, 0);
        var thread = new ThreadView(1, channel, Visibility.Private, "k", messages[0].At, views, clock);
        return new ConversationView(Guid.NewGuid(), "t", null, ConversationStatus.Pending, Priority.Normal, null, messages[0].At,
            messages[^1].At, null, [thread], [], [], clock, messages.Length);
    }
}
