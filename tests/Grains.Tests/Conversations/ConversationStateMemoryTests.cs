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
}
