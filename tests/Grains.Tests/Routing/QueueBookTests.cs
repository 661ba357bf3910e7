namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Conversations;
using Engine.Routing;
using Microsoft.Extensions.Time.Testing;
using static RoutingTestData;

/// <summary>The offer state machine of one partition: offered → accepted / declined / timed out → next agent.</summary>
public sealed class QueueBookTests
{
    private readonly FakeTimeProvider _clock = new(T0);

    private QueueBook Book(RoutingStrategy strategy = RoutingStrategy.LeastLoaded, Dictionary<string, int>? requires = null) =>
        new("acme", 0, QueueDefinition.Default("general") with
        {
            Strategy = strategy, OfferTimeout = TimeSpan.FromSeconds(30), Requirements = requires ?? new Dictionary<string, int>(),
        }, _clock);

    private static SendOffer Single(IReadOnlyList<QueueCommand> commands) => Assert.IsType<SendOffer>(Assert.Single(commands));

    [Fact]
    public void A_conversation_with_no_free_agent_waits_and_is_given_to_an_agent_who_frees_up_and_asks()
    {
        var book = Book();
        var ticket = Ticket();
        Assert.Empty(book.Enqueue(ticket));
        Assert.Equal(1, book.Stats().Waiting);

        var offer = Single(book.Pull(Agent("ann")));
        Assert.Equal(("ann", ticket.ConversationId), (offer.AgentId, offer.Offer.ConversationId));
        Assert.Equal(T0.AddSeconds(30), offer.Offer.ExpiresAt);
        Assert.Equal((0, 1), (book.Stats().Waiting, book.Stats().Offered));
    }

    [Fact]
    public void Waiting_tickets_share_the_partitions_tenant_queue_and_empty_requirements_and_keep_their_own_details()
    {
        var book = Book();
        // Each as a grain call delivers it: its own strings and its own empty dictionary.
        var first = Ticket() with { Tenant = new string("acme".AsSpan()), QueueId = new string("general".AsSpan()) };
        var second = Ticket(requires: new() { ["es"] = 2 }, excluded: ["bob"]) with { Tenant = new string("acme".AsSpan()) };
        book.Enqueue(first);
        book.Enqueue(second);

        var kept = book.Entries.ToDictionary(e => e.Ticket.ConversationId, e => e.Ticket);
        Assert.Equal(first, kept[first.ConversationId] with { Requirements = first.Requirements, Excluded = first.Excluded });
        Assert.Same(kept[first.ConversationId].Tenant, kept[second.ConversationId].Tenant);
        Assert.Same(book.Definition.QueueId, kept[first.ConversationId].QueueId);
        Assert.Empty(kept[first.ConversationId].Requirements);
        Assert.NotSame(first.Requirements, kept[first.ConversationId].Requirements);
        Assert.Equal(2, kept[second.ConversationId].Requirements["es"]);
        Assert.Equal(["bob"], kept[second.ConversationId].Excluded);
        Assert.All(book.Entries, e => Assert.Empty(e.Tried));
    }

    [Fact]
    public void Accepting_the_live_offer_hands_the_conversation_over_exactly_once()
    {
        var book = Book();
        book.AgentChanged(Agent("ann"));
        var offer = Single(book.Enqueue(Ticket())).Offer;

        Assert.False(book.Confirm(offer.ConversationId, offer.OfferId, "bob"));
        Assert.False(book.Confirm(offer.ConversationId, Guid.NewGuid(), "ann"));
        Assert.True(book.Confirm(offer.ConversationId, offer.OfferId, "ann"));
        Assert.False(book.Confirm(offer.ConversationId, offer.OfferId, "ann"));
        Assert.Equal(0, book.Count);
        Assert.Equal(1, book.AssignedCount);
    }

    [Fact]
    public void A_decline_goes_to_the_next_agent_and_never_back_to_the_one_who_declined()
    {
        var book = Book(RoutingStrategy.RoundRobin);
        book.AgentChanged(Agent("ann"));
        book.AgentChanged(Agent("bob"));
        var first = Single(book.Enqueue(Ticket()));
        var second = Single(book.Declined(first.Offer.ConversationId, first.Offer.OfferId, first.AgentId));

        Assert.NotEqual(first.AgentId, second.AgentId);
        Assert.Empty(book.Declined(second.Offer.ConversationId, second.Offer.OfferId, second.AgentId));
        Assert.Equal(1, book.Stats().Waiting);
        Assert.Empty(book.Pull(Agent(first.AgentId, version: 5)));
    }

    [Fact]
    public void A_late_decline_of_an_old_offer_changes_nothing()
    {
        var book = Book();
        book.AgentChanged(Agent("ann"));
        var offer = Single(book.Enqueue(Ticket())).Offer;
        Assert.Empty(book.Declined(offer.ConversationId, Guid.NewGuid(), "ann"));
        Assert.Equal(1, book.Stats().Offered);
    }

    [Fact]
    public void An_offer_times_out_at_its_deadline_is_withdrawn_and_goes_to_the_next_agent()
    {
        var book = Book(RoutingStrategy.RoundRobin);
        book.AgentChanged(Agent("ann"));
        book.AgentChanged(Agent("bob"));
        var first = Single(book.Enqueue(Ticket()));

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(book.ExpireOffers());
        Assert.Equal(first.Offer.ExpiresAt, book.NextExpiry);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var commands = book.ExpireOffers();

        var withdraw = Assert.Single(commands.OfType<WithdrawOffer>());
        Assert.Equal((first.AgentId, first.Offer.OfferId, true), (withdraw.AgentId, withdraw.OfferId, withdraw.TimedOut));
        Assert.Equal("bob", Assert.Single(commands.OfType<SendOffer>()).AgentId);
        Assert.False(book.Confirm(first.Offer.ConversationId, first.Offer.OfferId, first.AgentId));
    }

    [Fact]
    public void Accepting_at_or_after_the_deadline_is_refused_even_before_the_timer_ran()
    {
        var book = Book();
        book.AgentChanged(Agent("ann"));
        var offer = Single(book.Enqueue(Ticket())).Offer;
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(book.Confirm(offer.ConversationId, offer.OfferId, "ann"));
    }

    [Fact]
    public void A_refusal_for_lack_of_room_is_not_held_against_the_agent()
    {
        var book = Book();
        book.AgentChanged(Agent("ann"));
        var offer = Single(book.Enqueue(Ticket())).Offer;

        var full = Agent("ann", social: 0, chat: 0, load: 7, version: 2);
        Assert.Empty(book.Refused(offer.ConversationId, offer.OfferId, full, "ann"));
        Assert.Equal(1, book.Stats().Waiting);
        Assert.Single(book.Pull(Agent("ann", social: 1, version: 3)));
    }

    [Fact]
    public void The_partition_counts_its_own_offers_against_an_agents_room()
    {
        var book = Book();
        book.AgentChanged(Agent("ann", social: 2, chat: 0));
        Assert.Single(book.Enqueue(Ticket()));
        Assert.Single(book.Enqueue(Ticket()));
        Assert.Empty(book.Enqueue(Ticket()));
        Assert.Equal((1, 2), (book.Stats().Waiting, book.Stats().Offered));
    }

    [Fact]
    public void Capacity_is_per_kind_of_work()
    {
        var book = Book();
        book.AgentChanged(Agent("ann", social: 0, chat: 1));
        Assert.Empty(book.Enqueue(Ticket(kind: WorkKind.Social)));
        Assert.Single(book.Enqueue(Ticket(kind: WorkKind.Chat)));
        Assert.Empty(book.Enqueue(Ticket(kind: WorkKind.Chat)));
    }

    [Fact]
    public void A_freed_agent_pulls_the_waiting_work_in_queue_order_up_to_its_room()
    {
        var book = Book();
        var low = Ticket(priority: Priority.Low, enteredMinute: 0);
        var urgent = Ticket(priority: Priority.Urgent, enteredMinute: 5);
        var normal = Ticket(enteredMinute: 1);
        foreach (var t in new[] { low, urgent, normal }) book.Enqueue(t);

        var offers = book.Pull(Agent("ann", social: 2, chat: 0)).Cast<SendOffer>().Select(o => o.Offer.ConversationId).ToList();
        Assert.Equal([urgent.ConversationId, normal.ConversationId], offers);
    }

    [Fact]
    public void Skills_of_the_queue_and_of_the_conversation_must_both_match()
    {
        var book = Book(requires: new Dictionary<string, int> { ["lang:en"] = 1 });
        book.AgentChanged(Agent("tier1", skills: new() { ["lang:en"] = 2, ["tier"] = 1 }));
        book.AgentChanged(Agent("german", skills: new() { ["lang:de"] = 3, ["tier"] = 3 }));
        Assert.Empty(book.Enqueue(Ticket(requires: new() { ["tier"] = 2 })));

        var offer = Single(book.Pull(Agent("tier2", skills: new() { ["lang:en"] = 1, ["tier"] = 2 })));
        Assert.Equal("tier2", offer.AgentId);
    }

    [Fact]
    public void Agents_who_are_away_offline_or_busy_get_nothing_and_stale_news_is_ignored()
    {
        var book = Book();
        book.AgentChanged(Agent("ann", presence: Presence.Away));
        book.AgentChanged(Agent("bob", presence: Presence.Busy));
        book.AgentChanged(Agent("cy", version: 5));
        book.AgentChanged(Agent("cy", presence: Presence.Offline, version: 6));
        Assert.False(book.AgentChanged(Agent("cy", version: 4)));
        Assert.Empty(book.Enqueue(Ticket()));
    }

    [Fact]
    public void News_of_an_agent_only_updates_the_partitions_view_and_offers_nothing_by_itself()
    {
        var book = Book();
        book.Enqueue(Ticket());
        Assert.True(book.AgentChanged(Agent("ann")));
        Assert.Equal(1, book.Stats().Waiting);
        Assert.Equal(1, book.Stats().AgentsReady);
        Assert.Single(book.Pull(Agent("ann", version: 2)));
    }

    [Fact]
    public void A_conversation_transferred_away_from_an_agent_is_not_offered_back_to_them()
    {
        var book = Book();
        book.AgentChanged(Agent("ann"));
        Assert.Empty(book.Enqueue(Ticket(excluded: ["ann"])));
    }

    [Fact]
    public void Removing_an_offered_conversation_withdraws_the_offer()
    {
        var book = Book();
        book.AgentChanged(Agent("ann"));
        var offer = Single(book.Enqueue(Ticket())).Offer;
        var withdraw = Assert.IsType<WithdrawOffer>(Assert.Single(book.Remove(offer.ConversationId)));
        Assert.Equal((offer.OfferId, false), (withdraw.OfferId, withdraw.TimedOut));
        Assert.Empty(book.Remove(offer.ConversationId));
    }

    [Fact]
    public void Enqueueing_twice_keeps_one_entry()
    {
        var book = Book();
        var ticket = Ticket();
        book.Enqueue(ticket);
        book.Enqueue(ticket with { EnteredAt = T0.AddHours(1) });
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void Position_counts_the_waiting_conversations_ahead_and_estimates_from_the_pace()
    {
        var book = Book();
        var tickets = Enumerable.Range(0, 4).Select(i => Ticket(enteredMinute: i)).ToList();
        foreach (var t in tickets) book.Enqueue(t);
        Assert.Equal(3, book.Position(tickets[2].ConversationId)!.Value.Position);
        Assert.Null(book.Position(tickets[2].ConversationId)!.Value.Estimate);

        // Two assignments 60 s apart set the pace; the third waiting conversation is then first in line.
        var first = Single(book.Pull(Agent("ann", social: 1, chat: 0))).Offer;
        Assert.True(book.Confirm(first.ConversationId, first.OfferId, "ann"));
        _clock.Advance(TimeSpan.FromSeconds(60));
        var second = Single(book.Pull(Agent("ann", social: 1, chat: 0, version: 2))).Offer;
        Assert.True(book.Confirm(second.ConversationId, second.OfferId, "ann"));

        var position = book.Position(tickets[2].ConversationId)!.Value;
        Assert.Equal((1, false), (position.Position, position.Offered));
        Assert.Equal(TimeSpan.FromSeconds(60), position.Estimate);
        Assert.Equal(_clock.GetUtcNow() - tickets[2].EnteredAt, position.Waited);
        Assert.Null(book.Position(first.ConversationId));
    }

    [Fact]
    public void Changes_name_each_touched_conversation_once_as_it_now_stands_and_then_nothing()
    {
        var book = Book();
        var (offered, untouched) = (Ticket(enteredMinute: 0), Ticket(enteredMinute: 1));
        book.Enqueue(offered);
        book.Enqueue(untouched);
        Assert.Equal(2, book.TakeChanges().Upserted.Count);
        Assert.Equal((0, 0), (book.TakeChanges().Upserted.Count, book.TakeChanges().Removed.Count));

        // Offered, then declined, then offered again: one row, as it is after the last change.
        var first = Single(book.Pull(Agent("ann", social: 1))).Offer;
        book.Declined(offered.ConversationId, first.OfferId, "ann");
        var second = Single(book.Pull(Agent("bob", social: 1))).Offer;
        var (upserted, removed) = book.TakeChanges();
        var row = Assert.Single(upserted);
        Assert.Equal((offered.ConversationId, second.OfferId, "bob"), (row.Ticket.ConversationId, row.Offer!.OfferId, row.OfferedTo));
        Assert.Equal(["ann"], row.Tried);
        Assert.Empty(removed);

        Assert.True(book.Confirm(offered.ConversationId, second.OfferId, "bob"));
        (upserted, removed) = book.TakeChanges();
        Assert.Empty(upserted);
        Assert.Equal([offered.ConversationId], removed);

        // A failed write puts its conversations back, so the next write carries them again.
        book.MarkChanged([untouched.ConversationId]);
        Assert.Equal(untouched.ConversationId, Assert.Single(book.TakeChanges().Upserted).Ticket.ConversationId);
    }
}
