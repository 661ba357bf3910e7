namespace Engine.Tests.Conversations;

using Engine.Conversations;

/// <summary>Which index rows an append adds, derived from the state its events are folded into.</summary>
public sealed class MessageIndexTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static MessageAdded Message(int thread, string id, AuthorKind kind = AuthorKind.Customer) =>
        new(T0, thread, id, new MessageAuthor(kind, kind == AuthorKind.Customer ? "x:1" : "agent-1"), "text", T0, null, []);

    [Fact]
    public void Messages_are_indexed_under_their_threads_channel_and_key_whichever_append_opened_the_thread()
    {
        var state = new ConversationState(Guid.NewGuid());
        var first = MessageIndex.Fold(state, [
            new ConversationStarted(T0, "acme", null, null),
            new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "root"),
            Message(1, "root"),
            new ThreadOpened(T0, 2, ChannelKind.Messenger, Visibility.Private, "dm-thread"),
            Message(2, "dm-1"),
        ]);
        var later = MessageIndex.Fold(state, [Message(1, "reply"), new NoteAdded(T0, Guid.NewGuid(), "agent-1", "note")]);

        Assert.Equal([new IndexedMessage(ChannelKind.X, "root", "root"), new IndexedMessage(ChannelKind.Messenger, "dm-1", "dm-thread")], first);
        Assert.Equal([new IndexedMessage(ChannelKind.X, "reply", "root")], later);
        Assert.Equal(3, state.MessageCount); // folded as well
    }

    [Fact]
    public void A_sent_reply_is_indexed_under_the_platforms_id_so_a_customer_answering_it_finds_the_thread()
    {
        var state = new ConversationState(Guid.NewGuid());
        MessageIndex.Fold(state, [
            new ConversationStarted(T0, "acme", null, null),
            new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "root"),
            Message(1, "root"),
            Message(1, "engine-1", AuthorKind.Agent),
            new DeliveryQueued(T0, 1, "engine-1", "key-1"),
        ]);

        Assert.Equal([new IndexedMessage(ChannelKind.X, "x-remote-9", "root")],
            MessageIndex.Fold(state, [new DeliverySent(T0, "engine-1", 1, "x-remote-9")]));
        Assert.Empty(MessageIndex.Fold(state, [new DeliverySent(T0, "engine-1", 2, null)]));
    }
}
