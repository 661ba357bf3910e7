namespace Engine.Tests.Delivery;

using Engine.Conversations;
using Engine.Delivery;
using static Engine.Conversations.ConversationDecisions;

public sealed class ConversationDeliveryDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ThreadRoute Route = new(Guid.NewGuid(), "t", Guid.NewGuid());

    private static InboundMessage Inbound(string id, AuthorKind kind, int minute) => new(
        "acme", ChannelKind.X, Visibility.Public, id, new MessageAuthor(kind, kind == AuthorKind.Customer ? "x:1" : "x:acme"),
        $"text {id}", Now.AddMinutes(minute), Now, "t");

    private static ConversationState Fold(params InboundMessage[] messages)
    {
        var state = new ConversationState(Route.ConversationId);
        foreach (var m in messages)
            foreach (var e in Assert.IsType<Append>(Ingest(state, m, Route, Now, TimeSpan.FromDays(7))).Events)
                state.Apply(e);
        return state;
    }

    private static IReadOnlyList<ConversationEvent> Commit(ConversationState state, IReadOnlyList<ConversationEvent> events, bool connected = true)
    {
        var all = QueueDeliveries(state, events, _ => connected, Now.AddMinutes(10));
        foreach (var e in all) state.Apply(e);
        return all;
    }

    [Fact]
    public void An_agent_reply_is_queued_in_the_same_append_with_a_key_from_conversation_and_message()
    {
        var state = Fold(Inbound("c1", AuthorKind.Customer, 0));
        var (reply, _, messageId) = Reply(state, new AgentReply(1, "agent-1", "On it"), Now.AddMinutes(10));

        var events = Commit(state, reply);

        var queued = Assert.Single(events.OfType<DeliveryQueued>());
        Assert.Equal((messageId, $"{Route.ConversationId:N}:{messageId}"), (queued.MessageId, queued.IdempotencyKey));
        Assert.IsType<MessageAdded>(events[events.ToList().IndexOf(queued) - 1]);
        var entry = Assert.Single(Undelivered(state));
        Assert.Equal(("On it", "c1", "t", ChannelKind.X), (entry.Text, entry.InReplyTo, entry.ThreadKey, entry.Channel));
    }

    [Fact]
    public void Customer_messages_brand_messages_from_the_platform_and_unconnected_channels_are_not_queued()
    {
        var state = Fold(Inbound("c1", AuthorKind.Customer, 0), Inbound("b1", AuthorKind.Agent, 1));
        Assert.Empty(state.Deliveries);

        var (reply, _, _) = Reply(state, new AgentReply(1, "agent-1", "By hand"), Now.AddMinutes(10));
        Assert.Empty(Commit(state, reply, connected: false).OfType<DeliveryQueued>());
        Assert.Empty(OutboundChannels(state, [new NoteAdded(Now, Guid.NewGuid(), "agent-1", "note")]));
    }

    [Fact]
    public void A_private_invitation_and_a_public_follow_up_are_queued_too()
    {
        var state = Fold(Inbound("c1", AuthorKind.Customer, 0));
        var (invite, _, _) = InvitePrivate(state, new PrivateInvite(1, "agent-1", "Please DM us", ChannelKind.X), Now.AddMinutes(5));
        Assert.Single(Commit(state, invite).OfType<DeliveryQueued>());

        var (resolve, _) = ChangeStatus(state, new StatusChange(ConversationStatus.Resolved, "agent-1", PublicFollowUp: "Sorted in DM"), Now.AddMinutes(20));
        Assert.Single(Commit(state, resolve).OfType<DeliveryQueued>());
        Assert.Equal(2, Undelivered(state).Count);
    }

    [Fact]
    public void The_outcome_is_recorded_once_and_a_report_for_an_unknown_message_changes_nothing()
    {
        var state = Fold(Inbound("c1", AuthorKind.Customer, 0));
        var (reply, _, messageId) = Reply(state, new AgentReply(1, "agent-1", "On it"), Now.AddMinutes(10));
        Commit(state, reply);
        var sent = new DeliveryReport(messageId, DeliveryOutcome.Sent, 3, null, "x-99", Now.AddMinutes(11));

        var recorded = Assert.IsType<DeliverySent>(Assert.Single(RecordDelivery(state, sent)));
        state.Apply(recorded);

        Assert.Equal((3, "x-99"), (recorded.Attempts, recorded.RemoteMessageId));
        Assert.Empty(RecordDelivery(state, sent));
        Assert.Empty(RecordDelivery(state, sent with { Outcome = DeliveryOutcome.Failed, Reason = "late" }));
        Assert.Empty(RecordDelivery(state, sent with { MessageId = "engine-unknown" }));
        Assert.Empty(Undelivered(state));
    }

    [Fact]
    public void Delivery_statuses_survive_a_snapshot_and_show_on_the_message()
    {
        var state = Fold(Inbound("c1", AuthorKind.Customer, 0));
        var (first, _, sentId) = Reply(state, new AgentReply(1, "agent-1", "one"), Now.AddMinutes(10));
        Commit(state, first);
        var (second, _, failedId) = Reply(state, new AgentReply(1, "agent-1", "two"), Now.AddMinutes(11));
        Commit(state, second);
        state.Apply(Assert.Single(RecordDelivery(state, new DeliveryReport(sentId, DeliveryOutcome.Sent, 1, null, null, Now.AddMinutes(12)))));
        state.Apply(Assert.Single(RecordDelivery(state, new DeliveryReport(failedId, DeliveryOutcome.Failed, 2, "HTTP 400 BadRequest", null, Now.AddMinutes(12)))));

        var restored = ConversationState.FromSnapshot(state.Id, state.ToSnapshot());
        var messages = ConversationProjection.View(restored, Now.AddMinutes(13)).Threads.Single().Messages;

        Assert.Equal(state.Version, restored.Version);
        Assert.Null(messages.Single(m => m.PlatformMessageId == "c1").Delivery);
        Assert.Equal(("sent", 1), (messages.Single(m => m.PlatformMessageId == sentId).Delivery!.Status, messages.Single(m => m.PlatformMessageId == sentId).Delivery!.Attempts));
        var failed = messages.Single(m => m.PlatformMessageId == failedId).Delivery!;
        Assert.Equal(("failed", 2, "HTTP 400 BadRequest"), (failed.Status, failed.Attempts, failed.Reason));
    }
}
