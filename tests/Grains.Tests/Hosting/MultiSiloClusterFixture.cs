namespace Engine.Tests.Hosting;

using Engine.Conversations;
using Engine.Hosting;
using Engine.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

/// <summary>
/// Three silos in one process on the wall clock, so grains move between silos and offers really time out.
/// Conversations and queue partitions live in stores shared by all silos, as a database would be; grain state and reminders use
/// the memory providers, which are cluster-wide grains already.
/// </summary>
public sealed class MultiSiloClusterFixture : IAsyncLifetime
{
    public const int Silos = 3;

    public InMemoryConversationStore Store { get; } = new(Engine.Persistence.StoredPayloads.Standalone);

    public InMemoryQueueStore Queues { get; } = new();

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public MultiSiloClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(Silos);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IConversationStore>(Store);
            silo.Services.AddSingleton<IQueueStore>(Queues);
            silo.AddEngine();
        });
        Cluster = builder.Build();
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MultiSiloCollection : ICollectionFixture<MultiSiloClusterFixture>
{
    public const string Name = "multi-silo";
}
