namespace Engine.Tests.Hosting;

using Engine.Conversations;
using Engine.Hosting;
using Engine.Realtime;
using Engine.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

/// <summary>One silo on the memory stores, whose conversation and stream stores count their reads (and the conversation store
/// fails an append when a test says so), with a clock the tests move by hand.</summary>
public sealed class RecordingStoreClusterFixture : IAsyncLifetime
{
    // Starts at the wall clock: a fake clock ahead of it made this silo's start-up cancel now and then (the membership
    // table's status update), seen when the whole assembly ran in parallel.
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public RecordingConversationStore Conversations { get; } = new();
    public RecordingStreamStore Streams { get; } = new();
    public InProcessTestCluster Cluster { get; }

    public RecordingStoreClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<TimeProvider>(Clock);
            silo.Services.AddSingleton<IConversationStore>(Conversations);
            silo.Services.AddSingleton<IRealtimeStreamStore>(Streams);
            silo.AddEngine();
        });
        Cluster = builder.Build();
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RecordingStoreCollection : ICollectionFixture<RecordingStoreClusterFixture>
{
    public const string Name = "recording-store";
}
