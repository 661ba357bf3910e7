namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Persistence.Sqlite;
using Engine.Realtime;
using Engine.Tests.Realtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>
/// Group commit on the SQLite file: writes queued together share one transaction, a write's own conflict fails
/// only it, a failed transaction fails every write in it, and disposing the store drains what is queued.
/// A write that waits on a gate holds the writer, so the writes queued meanwhile are known to go in one batch.
/// </summary>
public sealed class SqliteGroupCommitTests : ConversationStoreContract, IDisposable
{
    private readonly TemporarySqliteFile _file = new(new SqliteStoreOptions { MaxBatch = 256 });
    private readonly ManualResetEventSlim _gate = new();
    private readonly SqliteConversationStore _store;

    public SqliteGroupCommitTests() => _store = new SqliteConversationStore(_file.Database, Payloads);

    /// <summary>The contract's own tests run here too, on a store whose writer these tests hold and release.</summary>
    protected override IConversationStore Store => _store;

    private SqliteDatabase Database => _file.Database;

    /// <summary>Holds the writer thread until the gate opens; returns once the writer has taken it.</summary>
    private async Task<Task<int>> HoldTheWriter()
    {
        using var taken = new SemaphoreSlim(0);
        var held = Database.Write(_ => { taken.Release(); _gate.Wait(); return 0; }, CancellationToken.None);
        await taken.WaitAsync(TimeSpan.FromSeconds(10));
        return held;
    }

    private Task AppendNew(Guid id)
    {
        var (state, events) = Conversation(id, 1);
        return _store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None);
    }

    [Fact]
    public async Task Concurrent_appends_to_different_conversations_are_all_stored_in_fewer_commits()
    {
        var held = await HoldTheWriter();
        var commitsBefore = Database.Counts.Commits;
        var ids = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        var appends = ids.Select(AppendNew).ToList();
        _gate.Set();
        await held;
        await Task.WhenAll(appends);

        // The held write's batch, then one batch for all 100 (MaxBatch 256).
        Assert.Equal(2, Database.Counts.Commits - commitsBefore);
        foreach (var id in ids)
            Assert.Equal(3, (await _store.Load(id, CancellationToken.None)).Events.Count);
        Assert.Equal(100, (await _store.List(Tenant, new ConversationQuery(Limit: 200), CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Many_unsynchronized_appends_share_commits()
    {
        var before = (Database.Counts.Commits, Database.Counts.Writes);
        await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(() => AppendNew(Guid.NewGuid()))));
        var (commits, writes) = (Database.Counts.Commits - before.Commits, Database.Counts.Writes - before.Writes);
        Assert.Equal(300, writes);
        Assert.True(commits < writes, $"{commits} commits for {writes} writes");
    }

    [Fact]
    public async Task A_conflicting_append_indexes_nothing_while_its_batch_neighbours_are_indexed()
    {
        var (stale, ok1, ok2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (staleState, staleEvents, staleRows) = Thread(stale, "stale-thread", "stale-root");
        await _store.Append(stale, 0, staleEvents, ConversationProjection.Summary(staleState), staleRows, CancellationToken.None);
        var rival = Message(1, "from-a-stale-copy");
        var rivalRows = MessageIndex.Fold(staleState, [rival]);

        var held = await HoldTheWriter();
        var commitsBefore = Database.Counts.Commits;
        var (s1, e1, r1) = Thread(ok1, "thread-1", "one");
        var first = _store.Append(ok1, 0, e1, ConversationProjection.Summary(s1), r1, CancellationToken.None);
        var conflict = _store.Append(stale, 1, [rival], ConversationProjection.Summary(staleState), rivalRows, CancellationToken.None);
        var (s2, e2, r2) = Thread(ok2, "thread-2", "two", "one"); // "one" is indexed by the first already: skipped
        var last = _store.Append(ok2, 0, e2, ConversationProjection.Summary(s2), r2, CancellationToken.None);
        _gate.Set();
        await held;

        await Assert.ThrowsAsync<ConversationVersionConflictException>(() => conflict);
        await Task.WhenAll(first, last);
        Assert.Equal(2, Database.Counts.Commits - commitsBefore);
        Assert.Null(await _store.FindMessage(Tenant, ChannelKind.X, "from-a-stale-copy", CancellationToken.None));
        Assert.Equal(new MessageThread("thread-1", ok1), await _store.FindMessage(Tenant, ChannelKind.X, "one", CancellationToken.None));
        Assert.Equal(new MessageThread("thread-2", ok2), await _store.FindMessage(Tenant, ChannelKind.X, "two", CancellationToken.None));
    }

    [Fact]
    public async Task A_conflicting_write_fails_alone_and_the_rest_of_its_batch_is_stored()
    {
        var (stale, ok1, ok2) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (staleState, staleEvents) = Conversation(stale, 1);
        await _store.Append(stale, 0, staleEvents, ConversationProjection.Summary(staleState), [], CancellationToken.None);
        var streams = new SqliteRealtimeStreamStore(Database, RealtimeStreamStoreContract.Payloads);
        await streams.Append("t/stream", [StreamEvent(1)], 0, 0, CancellationToken.None);
        var storage = GrainStorage();
        var grain = GrainId.Create("test", Guid.NewGuid().ToString("N"));
        var current = new GrainState<string> { State = "first" };
        await storage.WriteStateAsync("s", grain, current);
        var staleCopy = new GrainState<string> { State = "stale", ETag = current.ETag };
        await storage.WriteStateAsync("s", grain, new GrainState<string> { State = "second", ETag = current.ETag });

        var held = await HoldTheWriter();
        var commitsBefore = Database.Counts.Commits;
        var first = AppendNew(ok1);
        var note = new NoteAdded(T0, Guid.NewGuid(), "agent", "from a stale copy");
        var conflict = _store.Append(stale, 1, [note], ConversationProjection.Summary(staleState), [], CancellationToken.None);
        var streamConflict = streams.Append("t/stream", [StreamEvent(1)], 0, 0, CancellationToken.None);
        var etagConflict = storage.WriteStateAsync("s", grain, staleCopy);
        var streamOk = streams.Append("t/stream", [StreamEvent(2)], 0, 0, CancellationToken.None);
        var last = AppendNew(ok2);
        _gate.Set();
        await held;

        await Assert.ThrowsAsync<ConversationVersionConflictException>(() => conflict);
        await Assert.ThrowsAsync<RealtimeSequenceConflictException>(() => streamConflict);
        await Assert.ThrowsAsync<InconsistentStateException>(() => etagConflict);
        await Task.WhenAll(first, last, streamOk);
        Assert.Equal(2, Database.Counts.Commits - commitsBefore);
        Assert.Equal(3, (await _store.Load(ok1, CancellationToken.None)).Events.Count);
        Assert.Equal(3, (await _store.Load(ok2, CancellationToken.None)).Events.Count);
        Assert.Equal(staleEvents, (await _store.Load(stale, CancellationToken.None)).Events);
        Assert.Equal([1L, 2L], (await streams.Load("t/stream", 10, CancellationToken.None)).Events.Select(e => e.Sequence));
        var read = new GrainState<string>();
        await storage.ReadStateAsync("s", grain, read);
        Assert.Equal(("second", "2"), (read.State, read.ETag));
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_write_in_it_and_stores_none()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var held = await HoldTheWriter();
        var before = ids.Take(2).Select(AppendNew).ToList();
        // Not a conflict of its own: an error of the database (here a statement SQLite cannot run) ends the batch.
        var broken = Database.Write(session => session.Command("INSERT INTO no_such_table VALUES (1)").ExecuteNonQuery(), CancellationToken.None);
        var after = ids.Skip(2).Select(AppendNew).ToList();
        _gate.Set();
        await held;

        await Assert.ThrowsAsync<SqliteException>(() => broken);
        foreach (var append in before.Concat(after))
            await Assert.ThrowsAsync<SqliteException>(() => append);
        foreach (var id in ids)
            Assert.Empty((await _store.Load(id, CancellationToken.None)).Events);
        // The writer goes on with a fresh transaction.
        await AppendNew(ids[0]);
        Assert.Equal(3, (await _store.Load(ids[0], CancellationToken.None)).Events.Count);
    }

    [Fact]
    public async Task Disposing_the_store_commits_what_is_queued_and_refuses_later_writes()
    {
        var held = await HoldTheWriter();
        var ids = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).ToList();
        var appends = ids.Select(AppendNew).ToList();
        var disposing = Database.DisposeAsync().AsTask();
        await Task.Delay(50);
        Assert.False(disposing.IsCompleted);
        _gate.Set();
        await disposing;

        // Each write's task was completed before the writer stopped; the callers' own continuations may still be queued.
        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => AppendNew(Guid.NewGuid()));
        SqliteConnection.ClearAllPools();
        await using var reopened = new SqliteDatabase(_file.Directory);
        var store = new SqliteConversationStore(reopened, Payloads);
        foreach (var id in ids)
            Assert.Equal(3, (await store.Load(id, CancellationToken.None)).Events.Count);
    }

    [Fact]
    public async Task Without_group_commit_every_write_is_its_own_commit()
    {
        using var file = new TemporarySqliteFile(new SqliteStoreOptions { GroupCommit = false });
        var store = new SqliteConversationStore(file.Database, Payloads);
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(ids.Select(id =>
        {
            var (state, events) = Conversation(id, 1);
            return Task.Run(() => store.Append(id, 0, events, ConversationProjection.Summary(state), [], CancellationToken.None));
        }));
        Assert.Equal((20L, 20L), (file.Database.Counts.Commits, file.Database.Counts.Writes));
        foreach (var id in ids)
            Assert.Equal(3, (await store.Load(id, CancellationToken.None)).Events.Count);
    }

    private static RealtimeEvent StreamEvent(long sequence) =>
        new("conversation:1", sequence, "message.added", T0.AddSeconds(sequence), Guid.Empty, "{}", null);

    private SqliteGrainStorage GrainStorage()
    {
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        return new SqliteGrainStorage(Database, new(services.GetRequiredService<Serializer>()), services.GetRequiredService<IActivatorProvider>());
    }

    public void Dispose()
    {
        _gate.Set();
        _file.Dispose();
        _gate.Dispose();
    }
}
