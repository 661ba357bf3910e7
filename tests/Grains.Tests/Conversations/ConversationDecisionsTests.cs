namespace Engine.Tests.Conversations;

using Engine.Conversations;
using static Engine.Conversations.ConversationDecisions;

public sealed class ConversationDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);

    private static InboundMessage Customer(string id, int minute, string? parent = null) => new(
        "acme", ChannelKind.X, Visibility.Public, id, new MessageAuthor(AuthorKind.Customer, "x:1"), $"text {id}",
        Now.AddMinutes(minute), Now, "t", parent);

    private static InboundMessage Agent(string id, int minute, string? parent = null) =>
        Customer(id, minute, parent) with { Author = new MessageAuthor(AuthorKind.Agent, "x:acme") };

    private static readonly ThreadRoute Route = new(Guid.NewGuid(), "t", Guid.NewGuid());

    private static ConversationState Fold(params InboundMessage[] messages)
    {
        var state = new ConversationState(Route.ConversationId);
        foreach (var m in messages)
            Apply(state, Ingest(state, m, Route, Now, Window));
        return state;
    }

    private static void Apply(ConversationState state, IngestDecision decision)
    {
        foreach (var e in Assert.IsType<Append>(decision).Events)
            state.Apply(e);
    }

    [Fact]
    public void The_first_message_starts_the_conversation_opens_a_thread_and_stores_the_message()
    {
        var decision = Assert.IsType<Append>(Ingest(new ConversationState(Route.ConversationId), Customer("1", 0), Route, Now, Window));
        Assert.Collection(decision.Events,
            e => Assert.Equal(Route.CustomerId, Assert.IsType<ConversationStarted>(e).CustomerId),
            e => Assert.Equal("t", Assert.IsType<ThreadOpened>(e).ThreadKey),
            e => Assert.Equal("1", Assert.IsType<MessageAdded>(e).PlatformMessageId));
    }

    [Fact]
    public void The_same_platform_message_twice_is_already_stored()
    {
        var state = Fold(Customer("1", 0));
        var again = Assert.IsType<AlreadyStored>(Ingest(state, Customer("1", 0), Route, Now, Window));
        Assert.Equal(1, again.ThreadId);
        Assert.Equal(1, state.MessageCount);
    }

    [Fact]
    public void A_thread_moved_out_refuses_every_new_message_of_it_and_still_knows_the_stored_ones()
    {
        var state = Fold(Customer("1", 0));
        state.Apply(new ThreadMovedOut(Now, 1));

        Assert.IsType<StartNewConversation>(Ingest(state, Customer("2", 5, "1"), Route, Now, Window));
        Assert.IsType<StartNewConversation>(Ingest(state, Agent("3", 6, "1"), Route, Now, Window));
        Assert.IsType<AlreadyStored>(Ingest(state, Customer("1", 0), Route, Now, Window));
        // The mark survives a snapshot.
        var restored = ConversationState.FromSnapshot(state.Id, state.ToSnapshot());
        Assert.IsType<StartNewConversation>(Ingest(restored, Agent("3", 6, "1"), Route, Now, Window));
        Assert.IsType<Append>(Ingest(restored, Agent("4", 6) with { ThreadKey = "other" }, Route with { ThreadKey = "other" }, Now, Window));
    }

    [Fact]
    public void Customer_messages_open_and_brand_messages_make_it_pending()
    {
        Assert.Equal(ConversationStatus.Open, Fold(Customer("1", 0)).Status);
        Assert.Equal(ConversationStatus.Pending, Fold(Customer("1", 0), Agent("2", 5, "1")).Status);
        Assert.Equal(ConversationStatus.Open, Fold(Customer("1", 0), Agent("2", 5, "1"), Customer("3", 9, "2")).Status);
    }

    [Fact]
    public void An_older_message_arriving_late_does_not_change_whose_move_it_is()
    {
        // The brand's answer at minute 5 is newest; the customer's minute-0 message arrives after it.
        var state = Fold(Agent("2", 5, "1"), Customer("1", 0));
        Assert.Equal(ConversationStatus.Pending, state.Status);
    }

    [Fact]
    public void A_resolved_conversation_reopens_within_the_window_and_starts_over_after_it()
    {
        var state = Fold(Customer("1", 0));
        foreach (var e in ConversationDecisions.ChangeStatus(state, new StatusChange(ConversationStatus.Resolved, "agent-1"), Now).Events)
            state.Apply(e);

        var within = Assert.IsType<Append>(Ingest(state, Customer("2", 60), Route, Now.AddDays(6), Window));
        Assert.Contains(within.Events, e => e is StatusChanged { To: ConversationStatus.Open, Reason: "reopened by customer message" });
        Assert.IsType<StartNewConversation>(Ingest(state, Customer("2", 60), Route, Now.AddDays(8), Window));
    }

    [Fact]
    public void A_closed_conversation_never_takes_new_customer_messages_or_status_changes()
    {
        var state = Fold(Customer("1", 0));
        foreach (var e in ConversationDecisions.ChangeStatus(state, new StatusChange(ConversationStatus.Closed, "agent-1"), Now).Events)
            state.Apply(e);
        Assert.IsType<StartNewConversation>(Ingest(state, Customer("2", 1), Route, Now, Window));
        Assert.Equal(CommandErrorKind.Conflict, ConversationDecisions.ChangeStatus(state, new StatusChange(ConversationStatus.Open, "a"), Now).Error?.Kind);
        Assert.Equal(CommandErrorKind.Conflict, Reply(state, new AgentReply(1, "a", "hi"), Now).Error?.Kind);
    }

    [Fact]
    public void A_reply_with_a_known_client_message_id_is_not_stored_twice()
    {
        var state = Fold(Customer("1", 0));
        var (events, error, id) = Reply(state, new AgentReply(1, "agent-1", "hello", "client-1"), Now);
        Assert.Null(error);
        foreach (var e in events) state.Apply(e);

        var again = Reply(state, new AgentReply(1, "agent-1", "hello", "client-1"), Now);
        Assert.Empty(again.Events);
        Assert.Equal(id, again.PlatformMessageId);
        Assert.Equal(2, state.MessageCount);
        Assert.Equal(ConversationStatus.Pending, state.Status);
    }

    [Fact]
    public void A_reply_to_a_thread_that_does_not_exist_names_the_field()
    {
        var error = Reply(Fold(Customer("1", 0)), new AgentReply(9, "agent-1", "hello"), Now).Error;
        Assert.Equal(CommandErrorKind.Invalid, error?.Kind);
        Assert.Equal("threadId", error?.Field);
    }
}
