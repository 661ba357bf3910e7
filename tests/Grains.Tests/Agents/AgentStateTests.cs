namespace Engine.Tests.Agents;

using Engine.Agents;
using Engine.Conversations;

/// <summary>An agent's own rules: room per kind of work, reservations, presence, missed offers.</summary>
public sealed class AgentStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static AgentState Agent(int social = 5, int chat = 2)
    {
        var state = new AgentState
        {
            Registered = true,
            Profile = new AgentProfile("Ann", new Dictionary<string, int>(),
                new Dictionary<WorkKind, int> { [WorkKind.Social] = social, [WorkKind.Chat] = chat }, ["general"]),
        };
        state.SetPresence(Presence.Available, T0);
        return state;
    }

    private static Offer Offer(WorkKind kind = WorkKind.Social, int expiresInSeconds = 30, Guid? conversation = null) =>
        new(Guid.NewGuid(), conversation ?? Guid.NewGuid(), "general", 0, kind, Priority.Normal, T0, T0.AddSeconds(expiresInSeconds), false);

    [Fact]
    public void Pending_offers_and_assignments_together_never_exceed_the_capacity_of_their_kind()
    {
        var agent = Agent(social: 5, chat: 2);
        var social = Enumerable.Range(0, 7).Select(_ => agent.Reserve(Offer(WorkKind.Social), T0)).ToList();
        var chats = Enumerable.Range(0, 3).Select(_ => agent.Reserve(Offer(WorkKind.Chat), T0)).ToList();
        var email = agent.Reserve(Offer(WorkKind.Email), T0);

        Assert.Equal(5, social.Count(r => r == OfferReply.Reserved));
        Assert.Equal(2, chats.Count(r => r == OfferReply.Reserved));
        Assert.Equal(OfferReply.Refused, email);

        var accepted = agent.AcceptOffer(agent.Offers[0].OfferId, T0)!;
        Assert.Equal(WorkKind.Social, accepted.Kind);
        Assert.Equal(0, agent.Free(WorkKind.Social));
        Assert.False(agent.TryAssign(new AgentAssignment(Guid.NewGuid(), null, WorkKind.Social, T0)));

        Assert.True(agent.Release(accepted.ConversationId, T0.AddMinutes(1)));
        Assert.True(agent.TryAssign(new AgentAssignment(Guid.NewGuid(), null, WorkKind.Social, T0)));
    }

    [Fact]
    public void The_same_offer_twice_reserves_once()
    {
        var agent = Agent(social: 2);
        var offer = Offer();
        Assert.Equal(OfferReply.Reserved, agent.Reserve(offer, T0));
        Assert.Equal(OfferReply.Reserved, agent.Reserve(offer, T0));
        Assert.Single(agent.Offers);
    }

    [Fact]
    public void An_agent_who_is_not_available_or_already_holds_the_conversation_refuses()
    {
        var agent = Agent();
        var conversation = Guid.NewGuid();
        agent.TryAssign(new AgentAssignment(conversation, null, WorkKind.Social, T0));
        Assert.Equal(OfferReply.Refused, agent.Reserve(Offer(conversation: conversation), T0));
        Assert.Equal(OfferReply.Refused, agent.Reserve(Offer(expiresInSeconds: 0), T0));
        foreach (var presence in new[] { Presence.Away, Presence.Busy, Presence.Offline })
        {
            agent.SetPresence(presence, T0);
            Assert.Equal(OfferReply.Refused, agent.Reserve(Offer(), T0));
        }
    }

    [Fact]
    public void Leaving_available_withdraws_every_pending_offer_at_once_but_keeps_assignments()
    {
        var agent = Agent();
        agent.Reserve(Offer(), T0);
        agent.Reserve(Offer(WorkKind.Chat), T0);
        agent.TryAssign(new AgentAssignment(Guid.NewGuid(), null, WorkKind.Social, T0));

        var withdrawn = agent.SetPresence(Presence.Offline, T0.AddMinutes(1));

        Assert.Equal(2, withdrawn.Count);
        Assert.Empty(agent.Offers);
        Assert.Single(agent.Assignments);
        Assert.Equal(T0.AddMinutes(1), agent.PresenceSince);
        Assert.All(withdrawn, o => Assert.True(agent.OfferEnded(o.OfferId)));
    }

    [Fact]
    public void Letting_the_maximum_number_of_offers_time_out_sets_the_agent_away_and_accepting_resets_the_count()
    {
        var agent = Agent();
        Assert.False(agent.Missed(3, T0));
        Assert.False(agent.Missed(3, T0));
        agent.Reserve(Offer(), T0);
        agent.AcceptOffer(agent.Offers[0].OfferId, T0);
        Assert.Equal(0, agent.MissedOffers);

        Assert.False(agent.Missed(3, T0));
        Assert.False(agent.Missed(3, T0));
        Assert.True(agent.Missed(3, T0.AddMinutes(2)));
        Assert.Equal(Presence.Away, agent.Presence);
        Assert.Equal(T0.AddMinutes(2), agent.PresenceSince);
    }

    [Fact]
    public void Availability_reports_free_room_per_kind_load_and_a_growing_version()
    {
        var agent = Agent(social: 5, chat: 2);
        var before = agent.Availability("ann");
        agent.Reserve(Offer(WorkKind.Chat), T0);
        var after = agent.Availability("ann");

        Assert.Equal(2, before.FreeCapacity[WorkKind.Chat]);
        Assert.Equal(1, after.FreeCapacity[WorkKind.Chat]);
        Assert.Equal(5, after.FreeCapacity[WorkKind.Social]);
        Assert.False(after.FreeCapacity.ContainsKey(WorkKind.Email));
        Assert.Equal((1, 7), (after.Load, after.TotalCapacity));
        Assert.True(after.Version > before.Version);
    }

    [Fact]
    public void Work_kinds_follow_the_channel()
    {
        Assert.Equal(WorkKind.Social, WorkKinds.Of(ChannelKind.X));
        Assert.Equal(WorkKind.Social, WorkKinds.Of(ChannelKind.Instagram));
        Assert.Equal(WorkKind.Chat, WorkKinds.Of(ChannelKind.Webchat));
        Assert.Equal(WorkKind.Chat, WorkKinds.Of(ChannelKind.Messenger));
        Assert.Equal(WorkKind.Email, WorkKinds.Of(ChannelKind.Email));
    }
}
