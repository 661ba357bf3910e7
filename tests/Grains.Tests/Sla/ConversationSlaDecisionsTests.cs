namespace Engine.Tests.Sla;

using Engine.Conversations;
using Engine.Sla;
using Engine.Tests.Persistence;

/// <summary>The pure SLA rules of a conversation: exactly-once recording per wait, and snapshots that carry the new state.</summary>
public sealed class ConversationSlaDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly SlaEvaluator NextResponseTenMinutes = new(new SlaPolicy("p", new SlaMatch(),
        new SlaTargets(NextResponse: TimeSpan.FromMinutes(10)), WarnAt: 1, OnBreach: [new SlaAction(SlaActionKind.AddLabel, "late")]));

    private static ConversationState Started()
    {
        var state = new ConversationState(Guid.NewGuid());
        state.Apply(new ConversationStarted(T0, "t", null, null));
        state.Apply(new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "k"));
        return state;
    }

    private static void Say(ConversationState state, string id, DateTimeOffset at, bool byBrand, int thread = 1) =>
        state.Apply(new MessageAdded(at, thread, id, new MessageAuthor(byBrand ? AuthorKind.Agent : AuthorKind.Customer, byBrand ? "a" : "c"),
            id, at, null, []));

    private static IReadOnlyList<ConversationEvent> CheckAndApply(ConversationState state, DateTimeOffset now)
    {
        var check = ConversationDecisions.CheckSla(state, NextResponseTenMinutes, now);
        foreach (var e in check.Events) state.Apply(e);
        return check.Events;
    }

    [Fact]
    public void Each_missed_next_response_wait_is_recorded_once_and_a_label_is_added_only_once()
    {
        var state = Started();
        Say(state, "c1", T0, false);
        Say(state, "a1", T0.AddMinutes(1), true);
        Say(state, "c2", T0.AddMinutes(2), false);

        Assert.Empty(CheckAndApply(state, T0.AddMinutes(11)));
        var first = CheckAndApply(state, T0.AddMinutes(13));
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(first.OfType<SlaBreached>()).MissedBy);
        Assert.Single(first.OfType<LabelAdded>());
        Assert.Empty(CheckAndApply(state, T0.AddMinutes(14)));

        Say(state, "a2", T0.AddMinutes(15), true);
        Say(state, "c3", T0.AddMinutes(16), false);
        var second = CheckAndApply(state, T0.AddMinutes(27));
        var breach = Assert.Single(second.OfType<SlaBreached>());
        Assert.Equal(T0.AddMinutes(16), breach.WaitSince);
        Assert.Empty(second.OfType<LabelAdded>());
        Assert.Equal(2, state.SlaHistory.OfType<SlaBreached>().Count());
    }

    [Fact]
    public void The_next_due_instant_is_the_running_waits_breach()
    {
        var state = Started();
        Say(state, "c1", T0, false);
        Say(state, "a1", T0.AddMinutes(1), true);
        Say(state, "c2", T0.AddMinutes(5), false);

        Assert.Equal(T0.AddMinutes(15), ConversationDecisions.CheckSla(state, NextResponseTenMinutes, T0.AddMinutes(6)).NextDue);
    }

    [Fact]
    public void A_snapshot_carries_sla_history_labels_invites_and_snooze()
    {
        var state = Started();
        Say(state, "c1", T0, false);
        state.Apply(new SlaBreached(T0.AddMinutes(20), "p", SlaTarget.FirstResponse, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), null));
        state.Apply(new PriorityChanged(T0.AddMinutes(20), Priority.Normal, Priority.High, "sla", "first response breached"));
        state.Apply(new LabelAdded(T0.AddMinutes(20), "late", "sla"));
        state.Apply(new PrivateInviteSent(T0.AddMinutes(21), 1, ChannelKind.Messenger, "a", "engine-1", "C-1"));
        state.Apply(new StatusChanged(T0.AddMinutes(22), ConversationStatus.Open, ConversationStatus.Snoozed, "a", null, T0.AddHours(5)));

        var restored = ConversationState.FromSnapshot(state.Id, state.ToSnapshot());

        var now = T0.AddHours(1);
        Assert.Equal(ConversationProjection.View(state, now), ConversationProjection.View(restored, now), ViewComparer.Instance);
        Assert.Equal(T0.AddHours(5), restored.SnoozedUntil);
        Assert.Equal(Priority.High, restored.Priority);
        Assert.Equal(["late"], restored.Labels);
    }

    [Fact]
    public void A_customer_who_moved_to_private_starts_no_wait_on_the_handed_off_public_thread()
    {
        var state = Started();
        Say(state, "c1", T0, false);
        state.Apply(new PrivateInviteSent(T0.AddMinutes(1), 1, ChannelKind.X, "a", "engine-1", null));
        Say(state, "a1", T0.AddMinutes(1), true);
        state.Apply(new ThreadOpened(T0.AddMinutes(2), 2, ChannelKind.X, Visibility.Private, "dm"));
        Say(state, "c2", T0.AddMinutes(2), false, thread: 2);
        Say(state, "a2", T0.AddMinutes(3), true, thread: 2);
        Say(state, "c3", T0.AddMinutes(4), false);

        Assert.Equal([false, true, false, true], ConversationDecisions.SlaTurns(state).Select(t => t.ByBrand));
    }

    [Fact]
    public void Resolving_a_handed_off_conversation_can_close_the_loop_in_the_public_thread()
    {
        var state = Started();
        Say(state, "c1", T0, false);
        state.Apply(new PrivateInviteSent(T0.AddMinutes(1), 1, ChannelKind.X, "a", "engine-1", null));
        state.Apply(new ThreadOpened(T0.AddMinutes(2), 2, ChannelKind.X, Visibility.Private, "dm"));
        Say(state, "c2", T0.AddMinutes(2), false, thread: 2);

        var (events, error) = ConversationDecisions.ChangeStatus(state,
            new StatusChange(ConversationStatus.Resolved, "agent-1", null, PublicFollowUp: "Glad we sorted it in DM!"), T0.AddMinutes(30));

        Assert.Null(error);
        var followUp = Assert.IsType<MessageAdded>(events[0]);
        Assert.Equal((1, "Glad we sorted it in DM!", AuthorKind.Agent), (followUp.ThreadId, followUp.Text, followUp.Author.Kind));
        Assert.Equal(ConversationStatus.Resolved, Assert.IsType<StatusChanged>(events[1]).To);
    }

    [Fact]
    public void A_public_follow_up_without_a_hand_off_is_refused_naming_the_field()
    {
        var state = Started();
        Say(state, "c1", T0, false);
        var (_, error) = ConversationDecisions.ChangeStatus(state,
            new StatusChange(ConversationStatus.Resolved, "agent-1", null, PublicFollowUp: "thanks"), T0.AddMinutes(30));
        Assert.Equal("publicFollowUp", error?.Field);
    }
}
