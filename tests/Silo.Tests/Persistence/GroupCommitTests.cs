namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence.Postgres;
using Npgsql;

/// <summary>
/// Group commit on a real PostgreSQL (script 0009): many conversations' appends in one transaction, each answered
/// after it commits, a version conflict failing only its own append, a database error failing the whole batch.
/// </summary>
public sealed class GroupCommitTests(MigratedDatabase database) : GroupCommitFixture(database)
{
    [Fact]
    public async Task Concurrent_appends_to_many_conversations_are_all_stored_in_order_in_fewer_transactions()
    {
        await using var writer = Writer(DataSource, writers: 2);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);
        var ids = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToArray();

        // Each conversation appends three times in sequence, as its grain would; all conversations at once.
        var expected = await Task.WhenAll(ids.Select(async id =>
        {
            var (events, summary) = NewConversation(id, 1);
            await store.Append(id, 0, events, summary, [], CancellationToken.None);
            foreach (var n in new[] { "second", "third" })
            {
                var note = Note(n);
                await store.Append(id, events.Count, [note], summary, [], CancellationToken.None);
                events.Add(note);
            }
            return events;
        }));

        for (var i = 0; i < ids.Length; i++)
            Assert.Equal(expected[i], (await store.Load(ids[i], CancellationToken.None)).Events);
        Assert.Equal(600, writer.Appends);
        Assert.True(writer.Batches < writer.Appends, $"{writer.Batches} transactions for {writer.Appends} appends");
    }

    [Fact]
    public async Task Appends_queued_behind_a_write_in_flight_go_together_in_one_transaction()
    {
        await using var writer = Writer(DataSource);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);

        Task first;
        Task[] queued;
        await using (await HoldListTable())
        {
            first = Append(store, Guid.NewGuid());
            await WaitForBlockedWrites(1);
            queued = Enumerable.Range(0, 50).Select(_ => Append(store, Guid.NewGuid())).ToArray();
            await Task.Delay(200);
            Assert.False(first.IsCompleted);
            Assert.DoesNotContain(queued, t => t.IsCompleted);
        }
        await first;
        await Task.WhenAll(queued);

        Assert.Equal((2L, 51L), (writer.Batches, writer.Appends));
    }

    [Fact]
    public async Task A_conflicting_append_fails_alone_and_leaves_nothing_while_its_batch_neighbours_are_stored()
    {
        await using var writer = Writer(DataSource);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);

        // A stale copy at version 2: its first row (seq 3) is taken, its next two (seq 4, 5) are free.
        var batch = await OneBatchWithAStaleAppend(store, 10, id => Append(store, id), (rival, summary) =>
            store.Append(rival, 2, [Note("a"), Note("b"), Note("c")], summary with { MessageCount = 99 }, [], CancellationToken.None));

        Assert.Equal(3L, writer.Batches); // the rival's own, the held one, then the neighbours and the stale copy together
        Assert.Equal(batch.RivalEvents, (await store.Load(batch.Rival, CancellationToken.None)).Events);
        Assert.Equal(1, (await ListRow(store, batch.Rival)).MessageCount);
        foreach (var (id, _) in batch.Neighbours)
            Assert.Equal(3, (await store.Load(id, CancellationToken.None)).Events.Count);
    }

    [Fact]
    public async Task A_conflicting_append_indexes_nothing_while_its_batch_neighbours_are_indexed_first_writer_first()
    {
        await using var writer = Writer(DataSource);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);

        // Each neighbour indexes a message of its own and one they all share: the first in the call keeps it.
        var batch = await OneBatchWithAStaleAppend(store, 5, id => AppendIndexed(store, id), (rival, summary) =>
            store.Append(rival, 1, [Note("a")], summary, [Row("from-a-stale-copy", "thread")], CancellationToken.None));
        var neighbours = batch.Neighbours;

        Assert.Equal(3L, writer.Batches); // the rival's own, the held one, then the neighbours and the stale copy together
        Assert.Null(await store.FindMessage(Tenant, ChannelKind.X, "from-a-stale-copy", CancellationToken.None));
        foreach (var (id, _) in neighbours)
            Assert.Equal(new MessageThread($"thread-{id:N}", id), await store.FindMessage(Tenant, ChannelKind.X, $"own-{id:N}", CancellationToken.None));
        var shared = await store.FindMessage(Tenant, ChannelKind.X, "shared", CancellationToken.None);
        Assert.Contains(neighbours, n => shared == new MessageThread($"thread-{n.Id:N}", n.Id));
    }

    [Fact]
    public async Task A_lone_append_indexes_its_messages_and_a_refused_one_does_not()
    {
        await using var writer = Writer(DataSource);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);
        var id = Guid.NewGuid();
        var (events, summary) = NewConversation(id, 1);
        await store.Append(id, 0, events, summary, [Row("lone", "thread")], CancellationToken.None);
        await Assert.ThrowsAsync<ConversationVersionConflictException>(() =>
            store.Append(id, 0, events, summary, [Row("refused", "thread")], CancellationToken.None));

        Assert.Equal((2L, 2L), (writer.Batches, writer.Appends)); // each alone: the single-append path, not the function
        Assert.Equal(new MessageThread("thread", id), await store.FindMessage(Tenant, ChannelKind.X, "lone", CancellationToken.None));
        Assert.Null(await store.FindMessage(Tenant, ChannelKind.X, "refused", CancellationToken.None));
    }

    private sealed record StaleBatch(Guid Rival, IReadOnlyList<ConversationEvent> RivalEvents, (Guid Id, Task Append)[] Neighbours);

    /// <summary>
    /// Stores a rival conversation (seq 1..3), then holds the list table while one append waits in the writer and queues
    /// the neighbours and a stale append of the rival behind it, so that they all reach the database in one call. The
    /// neighbours are stored and the stale append is refused.
    /// </summary>
    private async Task<StaleBatch> OneBatchWithAStaleAppend(PostgresConversationStore store, int neighbours,
        Func<Guid, Task> appendNeighbour, Func<Guid, ConversationSummary, Task> appendStale)
    {
        var rival = Guid.NewGuid();
        var (rivalEvents, rivalSummary) = NewConversation(rival, 1);
        await store.Append(rival, 0, rivalEvents, rivalSummary, [], CancellationToken.None);

        Task first, stale;
        (Guid Id, Task Append)[] queued;
        await using (await HoldListTable())
        {
            first = Append(store, Guid.NewGuid());
            await WaitForBlockedWrites(1);
            queued = Enumerable.Range(0, neighbours).Select(_ => Guid.NewGuid()).Select(id => (id, appendNeighbour(id))).ToArray();
            stale = appendStale(rival, rivalSummary);
        }
        await first;
        await Task.WhenAll(queued.Select(n => n.Append));
        await Assert.ThrowsAsync<ConversationVersionConflictException>(() => stale);
        return new StaleBatch(rival, rivalEvents, queued);
    }

    private static IndexedMessage Row(string messageId, string threadKey) => new(ChannelKind.X, messageId, threadKey);

    private Task AppendIndexed(IConversationStore store, Guid id)
    {
        var (events, summary) = NewConversation(id, 1);
        return store.Append(id, 0, events, summary, [Row($"own-{id:N}", $"thread-{id:N}"), Row("shared", $"thread-{id:N}")], CancellationToken.None);
    }

    [Fact]
    public async Task A_database_error_fails_every_append_of_its_batch_and_stores_none()
    {
        await using var writer = Writer(DataSource);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);

        Task first;
        (Guid Id, Task Append)[] batch;
        await using (await HoldListTable())
        {
            first = Append(store, Guid.NewGuid());
            await WaitForBlockedWrites(1);
            batch = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).Select(id => (id, Append(store, id))).ToArray();
            // The list table refuses a row without a tenant (NOT NULL): the whole statement fails.
            var broken = Guid.NewGuid();
            var (events, summary) = NewConversation(broken, 1);
            batch = [.. batch, (broken, store.Append(broken, 0, events, summary with { Tenant = null! }, [], CancellationToken.None))];
        }
        await first;
        foreach (var (id, append) in batch)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => append);
            Assert.Equal(PostgresErrorCodes.NotNullViolation, error.SqlState);
            Assert.Empty((await store.Load(id, CancellationToken.None)).Events);
        }
    }

    [Fact]
    public async Task Two_silos_writing_one_conversation_at_once_never_both_succeed()
    {
        await using var otherSource = NpgsqlDataSource.Create(ConnectionString);
        await using var writerA = Writer(DataSource);
        await using var writerB = Writer(otherSource);
        var (a, b) = (new PostgresConversationStore(DataSource, Payloads, writerA), new PostgresConversationStore(otherSource, Payloads, writerB));
        var contested = Guid.NewGuid();

        Task fromA, fromB;
        (Guid Id, Task Append)[] neighbours;
        await using (await HoldListTable())
        {
            var (eventsA, summaryA) = NewConversation(contested, 1, "from silo a");
            var (eventsB, summaryB) = NewConversation(contested, 2, "from silo b");
            fromA = a.Append(contested, 0, eventsA, summaryA, [], CancellationToken.None);
            fromB = b.Append(contested, 0, eventsB, summaryB, [], CancellationToken.None);
            neighbours = Enumerable.Range(0, 6).Select(i => Guid.NewGuid()).Select((id, i) => (id, Append(i % 2 == 0 ? a : b, id))).ToArray();
        }
        await Task.WhenAll(neighbours.Select(n => n.Append));
        var outcomes = await Task.WhenAll(new[] { fromA, fromB }.Select(async t =>
        {
            try { await t; return "stored"; }
            catch (ConversationVersionConflictException) { return "conflict"; }
        }));

        Assert.Equal(["conflict", "stored"], outcomes.Order());
        var stored = (await a.Load(contested, CancellationToken.None)).Events;
        Assert.Equal(outcomes[0] == "stored" ? 3 : 4, stored.Count);
        Assert.Equal(stored.Count - 2, (await ListRow(a, contested)).MessageCount);
    }

    [Fact]
    public async Task Shutdown_writes_what_is_queued_then_refuses_new_appends_and_a_cancelled_wait_is_left_out()
    {
        var writer = Writer(DataSource);
        var store = new PostgresConversationStore(DataSource, Payloads, writer);
        var (kept, cancelled) = (Guid.NewGuid(), Guid.NewGuid());
        using var cancel = new CancellationTokenSource();

        Task first, queued, gaveUp;
        ValueTask disposing;
        await using (await HoldListTable())
        {
            first = Append(store, Guid.NewGuid());
            await WaitForBlockedWrites(1);
            queued = Append(store, kept);
            var (events, summary) = NewConversation(cancelled, 1);
            gaveUp = store.Append(cancelled, 0, events, summary, [], cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
            disposing = writer.DisposeAsync();
        }
        await disposing;
        await first;
        await queued;

        Assert.Equal(3, (await store.Load(kept, CancellationToken.None)).Events.Count);
        Assert.Empty((await store.Load(cancelled, CancellationToken.None)).Events);
        Assert.Equal((2L, 2L), (writer.Batches, writer.Appends));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Append(store, Guid.NewGuid()));
    }

    private Task Append(IConversationStore store, Guid id)
    {
        var (events, summary) = NewConversation(id, 1);
        return store.Append(id, 0, events, summary, [], CancellationToken.None);
    }

    private async Task<ConversationSummary> ListRow(IConversationStore store, Guid id) =>
        (await store.List(Tenant, new ConversationQuery(Limit: 500), CancellationToken.None)).Items.Single(s => s.Id == id);
}
