namespace Engine.Tests.Conversations;

using Engine.Conversations;
using Engine.Tests.Hosting;
using Engine.Realtime;
using Engine.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

/// <summary>
/// A conversation its thread directory has just minted, and its own stream, activate without reading the store; every
/// other activation reads it, including one reached later through a kept route.
/// </summary>
[Collection(RecordingStoreCollection.Name)]
public sealed class NewConversationMarkTests(RecordingStoreClusterFixture fixture)
{
    private const string Tenant = "mark";
    private readonly FakeTimeProvider _clock = fixture.Clock;
    private readonly RecordingConversationStore _conversations = fixture.Conversations;
    private readonly RecordingStreamStore _streams = fixture.Streams;
    private readonly InProcessTestCluster _cluster = fixture.Cluster;

    private IInboundGrain Inbound => _cluster.Client.GetGrain<IInboundGrain>(0);

    private InboundMessage Message(string id, string thread, int minute = 0) => new(
        Tenant, ChannelKind.X, Visibility.Public, id, new MessageAuthor(AuthorKind.Customer, $"x:{thread}"), $"text {id}",
        _clock.GetUtcNow().AddMinutes(minute), _clock.GetUtcNow(), thread);

    private static string OwnStream(Guid id) => RealtimeStreams.Key(Tenant, RealtimeStreams.Conversation(id));

    private async Task Deactivate(Guid conversation)
    {
        var grain = _cluster.Client.GetGrain<IConversationGrain>(conversation);
        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);
    }

    [Fact]
    public async Task A_new_threads_conversation_and_its_stream_are_created_without_reading_the_store()
    {
        var first = await Inbound.Accept(Message("n1", "t1"));

        Assert.True(first.ConversationCreated);
        Assert.Equal(0, _conversations.LoadsOf(first.ConversationId));
        await WaitUntil(() => _streams.Appends(OwnStream(first.ConversationId)) > 0);
        Assert.Equal(0, _streams.LoadsOf(OwnStream(first.ConversationId)));
        Assert.Single((await _conversations.Load(first.ConversationId, default)).Events.OfType<MessageAdded>());
    }

    [Fact]
    public async Task A_conversation_reached_again_through_a_kept_route_reads_what_it_stored()
    {
        var first = await Inbound.Accept(Message("k1", "t2"));
        await Deactivate(first.ConversationId);
        var routes = _cluster.Silos[0].ServiceProvider.GetRequiredService<ThreadRoutes>();
        Assert.True(routes.TryGet(ConversationKeys.Thread(Tenant, ChannelKind.X, "t2"), out var kept));
        Assert.False(kept.Minted);
        var loadsBefore = _conversations.LoadsOf(first.ConversationId); // a deactivation's snapshot reads the log too

        // The inbound grain kept this thread's route from the first message; it must not say "new" any more.
        var second = await Inbound.Accept(Message("k2", "t2", minute: 1));

        Assert.Equal(IngestStatus.Accepted, second.Status);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(loadsBefore + 1, _conversations.LoadsOf(first.ConversationId));
        var stored = (await _conversations.Load(first.ConversationId, default)).Events.OfType<MessageAdded>();
        Assert.Equal(["k1", "k2"], stored.Select(m => m.PlatformMessageId));
    }

    [Fact]
    public async Task The_conversation_a_thread_starts_over_in_is_minted_too_and_the_old_one_still_reads_its_log()
    {
        var first = await Inbound.Accept(Message("s1", "t3"));
        var old = _cluster.Client.GetGrain<IConversationGrain>(first.ConversationId);
        Assert.True((await old.ChangeStatus(Tenant, new StatusChange(ConversationStatus.Resolved, "agent-1", "done"))).Succeeded);
        _clock.Advance(TimeSpan.FromDays(8));
        await Deactivate(first.ConversationId);
        var loadsBefore = _conversations.LoadsOf(first.ConversationId);

        var after = await Inbound.Accept(Message("s2", "t3"));

        Assert.NotEqual(first.ConversationId, after.ConversationId);
        Assert.True(after.ConversationCreated);
        Assert.Equal(loadsBefore + 1, _conversations.LoadsOf(first.ConversationId));
        Assert.Equal(0, _conversations.LoadsOf(after.ConversationId));
        Assert.Equal(first.ConversationId, (await _cluster.Client.GetGrain<IConversationGrain>(after.ConversationId).Get(Tenant))?.LinkedFrom);
    }

    [Fact]
    public async Task The_mark_is_set_only_around_the_call_for_a_minted_route_and_only_names_that_conversations_own_stream()
    {
        var id = Guid.NewGuid();
        var minted = new ThreadRoute(id, "t", null, Minted: true);
        var seen = await NewConversationMark.Around(minted, () => Task.FromResult((
            NewConversationMark.IsFor(id), NewConversationMark.IsFor(Guid.NewGuid()),
            NewConversationMark.IsForStream(OwnStream(id)), NewConversationMark.IsForStream(RealtimeStreams.Key(Tenant, RealtimeStreams.WebChat(id))),
            NewConversationMark.IsForStream(RealtimeStreams.Key(Tenant, RealtimeStreams.Agent("a1"))))));

        Assert.Equal((true, false, true, false, false), seen);
        Assert.False(NewConversationMark.IsFor(id));
        Assert.False(await NewConversationMark.Around(minted with { Minted = false }, () => Task.FromResult(NewConversationMark.IsFor(id))));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NewConversationMark.Around<int>(minted, () => throw new InvalidOperationException("refused")));
        Assert.False(NewConversationMark.IsFor(id));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }
}
