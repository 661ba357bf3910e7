namespace Engine.Tests.Persistence;

using Engine.Conversations;
using Engine.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

/// <summary>A conversation reactivated from the SQLite file (snapshot + tail) reads exactly as before.</summary>
public sealed class SnapshotActivationTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"engine-snap-{Guid.NewGuid():N}");
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:DataDirectory"] = _directory,
            ["Engine:SnapshotEvery"] = "5",
        }).Build();
        builder.ConfigureSilo((_, silo) => silo.AddEngine(configuration));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_reactivated_conversation_reads_the_same_from_its_snapshot_and_tail()
    {
        var inbound = _cluster.Client.GetGrain<IInboundGrain>(0);
        var now = DateTimeOffset.UtcNow;
        IngestOutcome first = null!;
        for (var i = 0; i < 23; i++)
        {
            var author = i % 3 == 2 ? new MessageAuthor(AuthorKind.Agent, "x:brand") : new MessageAuthor(AuthorKind.Customer, "x:42");
            var outcome = await inbound.Accept(new InboundMessage("snap", ChannelKind.X, Visibility.Public, $"s{i}", author,
                $"message {i}", now.AddMinutes(i), now, "thread-s", i == 0 ? null : $"s{i - 1}"));
            if (i == 0) first = outcome;
        }
        var grain = _cluster.Client.GetGrain<IConversationGrain>(first.ConversationId);
        await grain.AddNote("snap", new InternalNote("agent-1", "kept across activations"));
        var before = await grain.Get("snap");

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);
        var after = await grain.Get("snap");

        Assert.NotNull(before);
        Assert.Equal(before with { Clock = after!.Clock, Threads = after.Threads }, after, ViewComparer.Instance);
        Assert.Equal(before.Threads.Single().Messages.Select(m => (m.PlatformMessageId, m.Sequence, m.Text)),
            after.Threads.Single().Messages.Select(m => (m.PlatformMessageId, m.Sequence, m.Text)));
        // The grain keeps only the newest text; the view reads every text back from the log, complete and in order.
        Assert.Equal(Enumerable.Range(0, 23).Select(i => $"message {i}"), after.Threads.Single().Messages.Select(m => m.Text));
        Assert.Equal(before.StatusHistory, after.StatusHistory);
        Assert.True(before.StatusHistory.Count > 1);
        Assert.Equal(before.Clock.FirstResponse, after.Clock.FirstResponse);
        Assert.Equal(before.Clock.NextResponses, after.Clock.NextResponses);
        Assert.Equal(IngestStatus.Duplicate, (await inbound.Accept(new InboundMessage("snap", ChannelKind.X, Visibility.Public, "s3",
            new MessageAuthor(AuthorKind.Customer, "x:42"), "again", now, now, "thread-s"))).Status);
    }
}
