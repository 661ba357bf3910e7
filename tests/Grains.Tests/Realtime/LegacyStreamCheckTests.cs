namespace Engine.Tests.Realtime;

using Engine.Persistence.Sqlite;
using Engine.Realtime;
using Engine.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>A new stream looks for state an earlier version kept only while the store may hold some.</summary>
public sealed class LegacyStreamCheckTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Once_the_store_holds_none_the_silo_never_asks_again()
    {
        var store = new AnsweringStore(false);
        var check = new LegacyStreamCheck(store, _clock);

        Assert.False(await check.Needed());
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.False(await check.Needed());
        Assert.Equal(1, store.Asked);
    }

    [Fact]
    public async Task While_some_is_left_it_asks_again_at_most_once_a_minute()
    {
        var store = new AnsweringStore(true);
        var check = new LegacyStreamCheck(store, _clock);

        Assert.True(await check.Needed());
        Assert.True(await check.Needed());
        Assert.Equal(1, store.Asked);

        store.Answer = false; // the last old stream moved
        _clock.Advance(LegacyStreamCheck.AskEvery);
        Assert.False(await check.Needed());
        Assert.Equal(2, store.Asked);
    }

    [Fact]
    public async Task A_store_that_cannot_answer_means_looking_and_is_asked_again()
    {
        var store = new AnsweringStore(false) { Fails = true };
        var check = new LegacyStreamCheck(store, _clock);

        Assert.True(await check.Needed());
        store.Fails = false;
        Assert.False(await check.Needed());
        Assert.Equal(2, store.Asked);
    }

    [Fact]
    public async Task The_sqlite_store_sees_a_stream_kept_as_grain_state()
    {
        using var file = new TemporarySqliteFile();
        var store = new SqliteRealtimeStreamStore(file.Database, RealtimeStreamStoreContract.Payloads);
        Assert.False(await store.MayHoldLegacyStreams(CancellationToken.None));

        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var storage = new SqliteGrainStorage(file.Database, new(services.GetRequiredService<Serializer>()), services.GetRequiredService<IActivatorProvider>());
        await storage.WriteStateAsync(RealtimeStreamGrain.LegacyStateName, GrainId.Create("stream", "acme/conversation:1"),
            new GrainState<RealtimeStreamState>(new RealtimeStreamState { LastSequence = 1 }));

        Assert.True(await store.MayHoldLegacyStreams(CancellationToken.None));
    }

    private sealed class AnsweringStore(bool answer) : IRealtimeStreamStore
    {
        public bool Answer { get; set; } = answer;
        public bool Fails { get; set; }
        public int Asked { get; private set; }

        public Task<bool> MayHoldLegacyStreams(CancellationToken cancellationToken)
        {
            Asked++;
            return Fails ? Task.FromException<bool>(new InvalidOperationException("store down")) : Task.FromResult(Answer);
        }

        public Task<StoredStream> Load(string stream, int kept, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
