namespace Engine.Tests.Conversations;

using Engine.Conversations;
using Engine.Hosting;
using Engine.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;

/// <summary>
/// A conversation writes a snapshot when it is collected, not when its silo shuts down: there every active conversation
/// would write one at once and run past Orleans' deactivation deadline (200,000 of them logged ~2,900 errors in the
/// memory bench). Its events are stored, so another silo takes it up with nothing lost.
/// </summary>
public sealed class SnapshotOnDeactivationTests : IAsyncLifetime
{
    private readonly RecordingConversationStore _store = new();
    private readonly InProcessTestCluster _cluster;

    public SnapshotOnDeactivationTests()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IConversationStore>(_store);
            silo.Services.AddFakeLogging();
            silo.Configure<GrainCollectionOptions>(o => o.DeactivationTimeout = TimeSpan.FromMilliseconds(500));
            silo.AddEngine();
        });
        _cluster = builder.Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_silo_shutting_down_writes_no_snapshots_logs_no_error_and_another_silo_serves_the_conversation()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var outcome = await Accept(tenant, "m1", "my order is late");
        var first = _cluster.Silos[0];
        var logs = first.ServiceProvider.GetRequiredService<FakeLogCollector>();
        await _cluster.StartAdditionalSiloAsync();

        // A store this slow would hold every snapshot past the 500 ms deadline.
        _store.HoldSnapshots = true;
        var writesBefore = _store.SnapshotWrites;
        await _cluster.StopSiloAsync(first);
        _store.HoldSnapshots = false;

        Assert.Equal(writesBefore, _store.SnapshotWrites);
        // What a snapshot cut off by the deadline leaves: Orleans' error for the grain's OnDeactivateAsync.
        Assert.DoesNotContain(logs.GetSnapshot(), r => r.Level >= LogLevel.Error && r.Category == "Orleans.Grain");
        // The client may still pick the stopped silo's gateway until it hears the silo has gone.
        ConversationView? view = null;
        await Eventually.TrueAsync(async () =>
        {
            try { view = await _cluster.Client.GetGrain<IConversationGrain>(outcome.ConversationId).Get(tenant); }
            catch (SiloUnavailableException) { return false; }
            catch (Orleans.Runtime.Messaging.ConnectionFailedException) { return false; }
            return true;
        }, TimeSpan.FromSeconds(20), "the conversation was not served after its silo stopped");
        Assert.Equal("my order is late", Assert.Single(Assert.Single(view!.Threads).Messages).Text);
    }

    [Fact]
    public async Task A_collected_conversation_still_writes_its_snapshot()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        await Accept(tenant, "m1", "where is my parcel");
        var writesBefore = _store.SnapshotWrites;

        await Task.Delay(100);
        await _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromMilliseconds(50));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (_store.SnapshotWrites == writesBefore && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(100);

        Assert.True(_store.SnapshotWrites > writesBefore);
    }

    private Task<IngestOutcome> Accept(string tenant, string id, string text)
    {
        var now = DateTimeOffset.UtcNow;
        return _cluster.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(tenant, ChannelKind.X,
            Visibility.Public, id, new MessageAuthor(AuthorKind.Customer, "x:100"), text, now, now, id, null));
    }
}
