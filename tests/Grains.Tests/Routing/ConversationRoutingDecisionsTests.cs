namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Conversations;
using static Engine.Conversations.ConversationDecisions;

/// <summary>Every routing move on a conversation is an event with who, when and why.</summary>
public sealed class ConversationRoutingDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);
    private static readonly ThreadRoute Route = new(Guid.NewGuid(), "t", Guid.NewGuid());

    private static InboundMessage Message(string id, int minute, AuthorKind kind = AuthorKind.Customer) => new(
        "acme", ChannelKind.X, Visibility.Public, id, new MessageAuthor(kind, kind == AuthorKind.Customer ? "x:1" : "x:acme"),
        $"text {id}", Now.AddMinutes(minute), Now, "t");

    private static ConversationState New()
    {
        var state = new ConversationState(Route.ConversationId);
        Fold(state, Assert.IsType<Append>(Ingest(state, Message("1", 0), Route, Now, Window, "general")).Events);
        return state;
    }

    private static void Fold(ConversationState state, IReadOnlyList<ConversationEvent> events)
    {
        foreach (var e in events) state.Apply(e);
    }

    [Fact]
    public void A_new_conversation_from_a_customer_enters_the_queue_in_the_same_append_as_its_first_message()
    {
        var state = New();
        var queued = Assert.IsType<ConversationQueued>(state.RoutingHistory.Single());
        Assert.Equal(("general", "system", "new conversation"), (queued.QueueId, queued.By, queued.Reason));
        Assert.Equal("general", state.QueueId);
        Assert.Null(state.Assignee);
    }

    [Fact]
    public void A_brand_first_conversation_is_not_queued_until_its_customer_speaks()
    {
        var state = new ConversationState(Route.ConversationId);
        Fold(state, Assert.IsType<Append>(Ingest(state, Message("b", 0, AuthorKind.Agent), Route, Now, Window, null)).Events);
        Assert.Null(state.QueueId);
        Fold(state, Assert.IsType<Append>(Ingest(state, Message("c", 1), Route, Now, Window, "general")).Events);
        Assert.Equal("general", state.QueueId);
    }

    [Fact]
    public void Further_customer_messages_do_not_queue_again_but_a_reopened_case_goes_back_to_its_last_queue()
    {
        var state = New();
        Fold(state, Assign(state, "ann", "general", AssignmentKind.Offer, "ann", "accepted offer", Now).Events);
        Fold(state, Assert.IsType<Append>(Ingest(state, Message("2", 1), Route, Now, Window, "general")).Events);
        Assert.Equal("ann", state.Assignee);
        Assert.Single(state.RoutingHistory.OfType<ConversationQueued>());

        Fold(state, ChangeStatus(state, new StatusChange(ConversationStatus.Resolved, "ann"), Now).Events);
        Fold(state, Assert.IsType<Append>(Ingest(state, Message("3", 5), Route, Now.AddHours(1), Window, "other")).Events);

        var reopened = state.RoutingHistory.OfType<ConversationQueued>().Last();
        Assert.Equal(("general", "reopened"), (reopened.QueueId, reopened.Reason));
        Assert.Null(state.Assignee);
    }

    [Fact]
    public void An_offer_cannot_win_a_conversation_someone_else_holds_but_a_supervisor_can_reassign_it()
    {
        var state = New();
        Fold(state, Assign(state, "ann", "general", AssignmentKind.Offer, "ann", null, Now).Events);

        var (none, error) = Assign(state, "bob", "general", AssignmentKind.Offer, "bob", null, Now);
        Assert.Empty(none);
        Assert.Equal(CommandErrorKind.Conflict, error!.Kind);

        var (events, manualError) = Assign(state, "bob", null, AssignmentKind.Manual, "sue", "workload", Now);
        Assert.Null(manualError);
        Assert.Equal("ann", Assert.IsType<ConversationUnassigned>(events[0]).AgentId);
        var assigned = Assert.IsType<ConversationAssigned>(events[1]);
        Assert.Equal(("bob", AssignmentKind.Manual, "sue", "workload"), (assigned.AgentId, assigned.How, assigned.By, assigned.Reason));
    }

    [Fact]
    public void Assigning_the_current_assignee_again_records_nothing()
    {
        var state = New();
        Fold(state, Assign(state, "ann", "general", AssignmentKind.Offer, "ann", null, Now).Events);
        Assert.Empty(Assign(state, "ann", null, AssignmentKind.Manual, "sue", null, Now).Events);
    }

    [Fact]
    public void A_transfer_to_a_queue_unassigns_and_queues_while_a_late_return_from_a_former_agent_changes_nothing()
    {
        var state = New();
        Fold(state, Assign(state, "ann", "general", AssignmentKind.Offer, "ann", null, Now).Events);
        var (events, _) = Requeue(state, "billing", "ann", "billing question", Now);
        Fold(state, events);
        Assert.Equal(("billing", (string?)null), (state.QueueId, state.Assignee));
        Assert.IsType<ConversationUnassigned>(events[0]);

        Fold(state, Assign(state, "bob", "billing", AssignmentKind.Offer, "bob", null, Now).Events);
        Assert.Empty(Requeue(state, "general", "system", "offline", Now, onlyFrom: "ann").Events);
    }

    [Fact]
    public void Escalation_raises_the_tier_and_queues_again_and_must_go_up()
    {
        var state = New();
        Fold(state, Assign(state, "ann", "general", AssignmentKind.Offer, "ann", null, Now).Events);
        var (events, error) = Escalate(state, 2, "general", "ann", "refund over limit", Now);
        Assert.Null(error);
        Fold(state, events);
        Assert.Equal((2, "general", (string?)null), (state.Tier, state.QueueId, state.Assignee));
        Assert.Equal(["queued", "assigned", "escalated", "unassigned", "queued"],
            ConversationProjection.View(state, Now).RoutingHistory!.Select(r => r.Kind));

        Assert.Equal(CommandErrorKind.Invalid, Escalate(state, 2, "general", "ann", null, Now).Error!.Kind);
    }

    [Fact]
    public void A_resolved_conversation_needs_no_agent_and_leaves_its_queue()
    {
        var state = New();
        Fold(state, ChangeStatus(state, new StatusChange(ConversationStatus.Resolved, "sue"), Now).Events);
        Assert.Null(state.QueueId);
        Assert.Equal(CommandErrorKind.Conflict, Assign(state, "ann", null, AssignmentKind.Manual, "sue", null, Now).Error!.Kind);
        Assert.Equal(CommandErrorKind.Conflict, Requeue(state, "general", "sue", null, Now).Error!.Kind);
    }

    [Fact]
    public void Routing_state_survives_a_snapshot()
    {
        var state = New();
        Fold(state, Assign(state, "ann", "general", AssignmentKind.Offer, "ann", null, Now).Events);
        Fold(state, Escalate(state, 3, "vip", "ann", "legal", Now).Events);

        var restored = ConversationState.FromSnapshot(state.Id, state.ToSnapshot());

        Assert.Equal((state.QueueId, state.LastQueueId, state.Tier, state.Assignee, state.QueuedAt),
            (restored.QueueId, restored.LastQueueId, restored.Tier, restored.Assignee, restored.QueuedAt));
        Assert.Equal(state.RoutingHistory, restored.RoutingHistory);
    }
}
