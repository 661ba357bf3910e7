namespace Engine.Tests.Realtime;

using System.Text.Json;
using Engine.Agents;
using Engine.Conversations;
using Engine.Realtime;

/// <summary>Which streams hear of a conversation's and an agent's changes, decided without a cluster.</summary>
public sealed class BroadcastTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static ConversationState Conversation(params ConversationEvent[] events)
    {
        var state = new ConversationState(Guid.NewGuid());
        foreach (var e in events) state.Apply(e);
        return state;
    }

    private static MessageAdded Message(int thread, string id, AuthorKind kind) =>
        new(T0, thread, id, new MessageAuthor(kind, kind == AuthorKind.Customer ? "webchat:v-1" : "agent:ann", "Vera"), $"text {id}", T0, null, []);

    [Fact]
    public void A_message_goes_to_the_conversation_and_its_agent_and_only_a_web_chat_threads_message_to_the_visitor()
    {
        var state = Conversation(
            new ConversationStarted(T0, "acme", null, null),
            new ThreadOpened(T0, 1, ChannelKind.Webchat, Visibility.Private, "v-1"),
            new ThreadOpened(T0, 2, ChannelKind.X, Visibility.Public, "x-1"),
            new ConversationAssigned(T0, "ann", "general", AssignmentKind.Offer, "ann", null));
        var before = state.Version;
        ConversationEvent[] added = [Message(1, "w1", AuthorKind.Customer), new NoteAdded(T0, Guid.NewGuid(), "ann", "secret"), Message(2, "x1", AuthorKind.Customer)];
        foreach (var e in added) state.Apply(e);

        var published = ConversationBroadcast.For(state, before + 1, added).ToList();

        var id = state.Id;
        Assert.Equal(
            [($"conversation:{id}", "w1"), ("agent:ann", "w1"), ($"webchat:{id}", "w1"), ($"conversation:{id}", "x1"), ("agent:ann", "x1")],
            published.Select(p => (p.Stream, JsonDocument.Parse(p.Publication.Data).RootElement.GetProperty("platformMessageId").GetString())));
        Assert.DoesNotContain(published, p => p.Publication.Data.Contains("secret"));
        // The key is the event's place in the conversation's log: the same on every stream, different per event.
        Assert.Equal($"{id:N}:{before + 1}", published[0].Publication.Key);
        Assert.Equal($"{id:N}:{before + 3}", published[3].Publication.Key);
        // The visitor's copy names the author's kind, not the agent's identity.
        Assert.DoesNotContain("identity", published[2].Publication.Data);
    }

    [Fact]
    public void An_assignment_reaches_the_agent_who_got_it_and_a_breach_reaches_the_supervisors()
    {
        var state = Conversation(new ConversationStarted(T0, "acme", null, null), new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "x-1"));
        ConversationEvent[] added =
        [
            new ConversationAssigned(T0, "bob", "general", AssignmentKind.Manual, "sam", null),
            new SlaBreached(T0, "gold", Engine.Sla.SlaTarget.FirstResponse, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(1), null),
        ];
        foreach (var e in added) state.Apply(e);
        var published = ConversationBroadcast.For(state, state.Version - 1, added).ToList();
        Assert.Contains(published, p => p.Stream == "agent:bob" && p.Publication.Type == "conversation.assigned");
        Assert.Contains(published, p => p.Stream == RealtimeStreams.Supervisor && p.Publication.Type == "sla.breach");
    }

    [Fact]
    public void An_agent_broadcasts_new_and_ended_offers_and_presence_only_when_it_changed()
    {
        var state = new AgentState { Registered = true, Presence = Presence.Available };
        state.Profile = state.Profile with { Capacity = new Dictionary<WorkKind, int> { [WorkKind.Social] = 3 } };
        var heard = AgentHeard.Of(state);
        var offer = new Offer(Guid.NewGuid(), Guid.NewGuid(), "general", 0, WorkKind.Social, Priority.Normal, T0, T0.AddSeconds(30), false);
        Assert.Equal(OfferReply.Reserved, state.Reserve(offer, T0));

        var created = AgentBroadcast.Changes("ann", heard, state, "withdrawn");
        Assert.Equal([("agent:ann", "offer.created")], created.Select(c => (c.Stream, c.Publication.Type)));

        heard = AgentHeard.Of(state);
        state.EndOffer(offer.OfferId);
        var ended = AgentBroadcast.Changes("ann", heard, state, "timeout");
        Assert.Equal([("agent:ann", "offer.withdrawn")], ended.Select(c => (c.Stream, c.Publication.Type)));
        Assert.Contains("\"reason\":\"timeout\"", ended[0].Publication.Data);

        heard = AgentHeard.Of(state);
        state.SetPresence(Presence.Away, T0);
        var away = AgentBroadcast.Changes("ann", heard, state, "withdrawn");
        Assert.Equal([(RealtimeStreams.Presence, "presence"), (RealtimeStreams.Supervisor, "agent.load")], away.Select(c => (c.Stream, c.Publication.Type)));
        Assert.Contains("\"presence\":\"away\"", away[0].Publication.Data);
        Assert.Empty(AgentBroadcast.Changes("ann", AgentHeard.Of(state), state, "withdrawn"));
    }
}
