namespace Engine.Tests.Persistence;

using Engine.Persistence.Postgres;
using Engine.Realtime;
using Engine.Tests.Realtime;

/// <summary>
/// Group commit of real-time streams on a real PostgreSQL (script 0011): many streams' appends in one transaction, each
/// answered after it commits, a taken number failing only its own append (leaving none of its rows and dropping
/// nothing), a database error failing every append of the batch.
/// </summary>
public sealed class RealtimeGroupCommitTests(MigratedDatabase database) : GroupCommitFixture(database)
{
    private static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private string Stream(int n) => $"{Tenant}/agent:{n}";

    private static IReadOnlyList<RealtimeEvent> Events(long from, long to) => Enumerable.Range((int)from, (int)(to - from + 1))
        .Select(n => new RealtimeEvent("agent", n, "message.added", At.AddSeconds(n), Guid.Empty, $$"""{"n":{{n}}}""", $"k{n}")).ToList();

    private (RealtimeGroupWriter Writer, PostgresRealtimeStreamStore Store) Open(int writers = 1)
    {
        var writer = new RealtimeGroupWriter(DataSource, new PostgresStoreOptions { Writers = writers });
        return (writer, new PostgresRealtimeStreamStore(DataSource, RealtimeStreamStoreContract.Payloads, writer));
    }

    /// <summary>Queues <paramref name="appends"/> while a lone write waits on a locked table, so they go together in
    /// the writer's next call; returns them once that lone write is through (one batch).</summary>
    private async Task<Task[]> QueuedBehindABlockedWrite(PostgresRealtimeStreamStore store, Func<Task[]> appends)
    {
        Task first;
        Task[] queued;
        await using (await HoldTable("engine_realtime_events"))
        {
            first = store.Append(Stream(9), Events(1, 1), 0, 0, CancellationToken.None);
            await WaitForBlockedWrites(1);
            queued = appends();
            await Task.Delay(200);
            Assert.DoesNotContain(queued, t => t.IsCompleted);
        }
        await first;
        return queued;
    }

    [Fact]
    public async Task Concurrent_appends_to_many_streams_are_all_stored_in_order_in_fewer_transactions()
    {
        var (writer, store) = Open(writers: 2);
        await using var _ = writer;

        // Each stream appends three times in sequence, as its grain would; all streams at once.
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async s =>
        {
            for (var n = 1; n <= 3; n++)
                await store.Append(Stream(s), Events(2 * n - 1, 2 * n), 0, 0, CancellationToken.None);
        }));

        for (var s = 0; s < 200; s++)
            Assert.Equal(Events(1, 6), (await store.Load(Stream(s), 1_000, CancellationToken.None)).Events);
        Assert.Equal(600, writer.Appends);
        Assert.True(writer.Batches < writer.Appends, $"{writer.Batches} transactions for {writer.Appends} appends");
    }

    [Fact]
    public async Task A_drop_starts_after_what_the_caller_dropped_before_alone_and_in_a_group_call()
    {
        var (writer, store) = Open();
        await using var _ = writer;
        for (var s = 0; s < 3; s++)
            await store.Append(Stream(s), Events(1, 5), 0, 0, CancellationToken.None);

        // Each says rows up to 2 went in its own earlier drop: the store drops 3 and 4 and never looks below, alone (the
        // two-statement batch) and two streams in one group call (engine_append_realtime, script 0013).
        await store.Append(Stream(0), Events(6, 6), 2, 4, CancellationToken.None);
        var batchesBefore = writer.Batches;
        var grouped = await QueuedBehindABlockedWrite(store, () => [.. new[] { 1, 2 }.Select(s => store.Append(Stream(s), Events(6, 6), 2, 4, CancellationToken.None))]);
        await Task.WhenAll(grouped);
        Assert.Equal(batchesBefore + 2, writer.Batches); // the blocked one, then both streams together

        for (var s = 0; s < 3; s++)
            Assert.Equal([1L, 2, 5, 6], (await store.Load(Stream(s), 1_000, CancellationToken.None)).Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_taken_number_fails_only_its_own_append_in_a_batch_and_the_others_drop_their_old_rows()
    {
        var (writer, store) = Open();
        await using var _ = writer;
        for (var s = 0; s < 4; s++)
            await store.Append(Stream(s), Events(1, 3), 0, 0, CancellationToken.None);
        var batchesBefore = writer.Batches;

        // Stream 1 numbers 3 again (as a second activation would); the others go on from 3 and drop through 2.
        var queued = await QueuedBehindABlockedWrite(store, () =>
            [.. Enumerable.Range(0, 4).Select(s => store.Append(Stream(s), s == 1 ? Events(3, 5) : Events(4, 5), 0, 2, CancellationToken.None))]);

        await Assert.ThrowsAsync<RealtimeSequenceConflictException>(() => queued[1]);
        await Task.WhenAll(queued.Where((_, s) => s != 1));
        Assert.Equal((batchesBefore + 2, 4L + 1 + 4), (writer.Batches, writer.Appends));
        foreach (var s in new[] { 0, 2, 3 })
            Assert.Equal([3L, 4, 5], (await store.Load(Stream(s), 1_000, CancellationToken.None)).Events.Select(e => e.Sequence));
        // The refused append left nothing: not its new rows (4, 5), not its drop of 1 and 2.
        Assert.Equal(Events(1, 3), (await store.Load(Stream(1), 1_000, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task A_database_error_fails_every_append_of_its_batch_and_stores_none_of_them()
    {
        var (writer, store) = Open();
        await using var _ = writer;

        // PostgreSQL text cannot hold a NUL character: the group call fails as a whole.
        var queued = await QueuedBehindABlockedWrite(store, () =>
            [store.Append(Stream(0), Events(1, 2), 0, 0, CancellationToken.None), store.Append("bad\0stream", Events(1, 1), 0, 0, CancellationToken.None)]);

        foreach (var append in queued)
            await Assert.ThrowsAnyAsync<Exception>(() => append);
        Assert.Empty((await store.Load(Stream(0), 1_000, CancellationToken.None)).Events);
    }

    [Fact]
    public async Task Disposing_the_writer_stores_what_was_queued_and_refuses_later_appends()
    {
        var (writer, store) = Open();
        var held = await HoldTable("engine_realtime_events");
        var first = store.Append(Stream(99), Events(1, 1), 0, 0, CancellationToken.None);
        await WaitForBlockedWrites(1);
        var queued = Enumerable.Range(0, 10).Select(s => store.Append(Stream(s), Events(1, 2), 0, 0, CancellationToken.None)).ToArray();
        var disposing = writer.DisposeAsync().AsTask();
        await held.DisposeAsync();
        await disposing;

        await first;
        await Task.WhenAll(queued);
        for (var s = 0; s < 10; s++)
            Assert.Equal(Events(1, 2), (await store.Load(Stream(s), 1_000, CancellationToken.None)).Events);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Append(Stream(20), Events(1, 1), 0, 0, CancellationToken.None));
    }
}
