namespace Engine.Tests.Persistence;

using Engine.Conversations;

/// <summary>
/// The message index every store keeps: (tenant, channel, platform message id) → thread and conversation, written with
/// the append that stores the message and only if that append is stored; the first writer of an id keeps it.
/// </summary>
public abstract partial class ConversationStoreContract
{
    /// <summary>A new conversation whose thread <paramref name="threadKey"/> holds the given messages, and its index rows.</summary>
    protected (ConversationState State, List<ConversationEvent> Events, IReadOnlyList<IndexedMessage> Rows) Thread(
        Guid id, string threadKey, params string[] messageIds)
    {
        var events = new List<ConversationEvent>
        {
            new ConversationStarted(T0, Tenant, Guid.NewGuid(), null),
            new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, threadKey),
        };
        events.AddRange(messageIds.Select(m => Message(1, m)));
        var state = new ConversationState(id);
        return (state, events, MessageIndex.Fold(state, events));
    }

    protected static MessageAdded Message(int thread, string id) =>
        new(T0, thread, id, new MessageAuthor(AuthorKind.Customer, "x:1"), $"text of {id}", T0, null, []);

    [Fact]
    public async Task The_append_that_stores_a_message_indexes_its_thread_and_conversation()
    {
        var id = Guid.NewGuid();
        var (state, events, rows) = Thread(id, "root-1", "root-1", "reply-1");
        Assert.Equal(2, rows.Count);
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), rows, CancellationToken.None);

        // A later append to the same thread: its row comes from the thread opened by the first append.
        var later = Message(1, "reply-2");
        var laterRows = MessageIndex.Fold(state, [later]);
        await Store.Append(id, events.Count, [later], ConversationProjection.Summary(state), laterRows, CancellationToken.None);

        foreach (var message in new[] { "root-1", "reply-1", "reply-2" })
            Assert.Equal(new MessageThread("root-1", id), await Store.FindMessage(Tenant, ChannelKind.X, message, CancellationToken.None));
    }

    [Fact]
    public async Task An_append_refused_for_its_version_indexes_nothing()
    {
        var id = Guid.NewGuid();
        var (state, events, rows) = Thread(id, "t-1", "first");
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), rows, CancellationToken.None);

        var stale = ConversationState.FromLog(id, new ConversationLogRead(null, events.Take(2).ToList()));
        var rival = Message(1, "from-a-stale-copy");
        var rivalRows = MessageIndex.Fold(stale, [rival]);
        Assert.Single(rivalRows);
        await Assert.ThrowsAsync<ConversationVersionConflictException>(() =>
            Store.Append(id, 2, [rival], ConversationProjection.Summary(stale), rivalRows, CancellationToken.None));

        Assert.Null(await Store.FindMessage(Tenant, ChannelKind.X, "from-a-stale-copy", CancellationToken.None));
        Assert.NotNull(await Store.FindMessage(Tenant, ChannelKind.X, "first", CancellationToken.None));
    }

    [Fact]
    public async Task A_message_id_indexed_twice_keeps_its_first_thread()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var (a, aEvents, aRows) = Thread(first, "thread-a", "shared");
        await Store.Append(first, 0, aEvents, ConversationProjection.Summary(a), aRows, CancellationToken.None);
        var (b, bEvents, bRows) = Thread(second, "thread-b", "shared", "own");
        await Store.Append(second, 0, bEvents, ConversationProjection.Summary(b), bRows, CancellationToken.None);

        Assert.Equal(new MessageThread("thread-a", first), await Store.FindMessage(Tenant, ChannelKind.X, "shared", CancellationToken.None));
        // The duplicate did not fail the append: its events and its other rows are stored.
        Assert.Equal(bEvents, (await Store.Load(second, CancellationToken.None)).Events);
        Assert.Equal(new MessageThread("thread-b", second), await Store.FindMessage(Tenant, ChannelKind.X, "own", CancellationToken.None));
    }

    [Fact]
    public async Task A_message_is_found_only_under_its_own_tenant_and_channel()
    {
        var id = Guid.NewGuid();
        var (state, events, rows) = Thread(id, "t", "private-to-one-tenant");
        await Store.Append(id, 0, events, ConversationProjection.Summary(state), rows, CancellationToken.None);

        Assert.NotNull(await Store.FindMessage(Tenant, ChannelKind.X, "private-to-one-tenant", CancellationToken.None));
        Assert.Null(await Store.FindMessage("another-tenant", ChannelKind.X, "private-to-one-tenant", CancellationToken.None));
        Assert.Null(await Store.FindMessage(Tenant, ChannelKind.Messenger, "private-to-one-tenant", CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_message_is_not_found()
    {
        Assert.Null(await Store.FindMessage(Tenant, ChannelKind.X, $"never-{Guid.NewGuid():N}", CancellationToken.None));
    }
}
