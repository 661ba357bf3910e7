namespace Engine.Tests.Delivery;

using Engine.Conversations;
using Engine.Delivery;
using Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

/// <summary>
/// A one-silo cluster on the wall clock (deliveries wait on real timers and real HTTP), with retries tuned to
/// run in fractions of a second.
/// </summary>
public sealed class DeliveryClusterFixture : IAsyncLifetime
{
    public const string SecretName = "hooks-token";
    public const string SecretValue = "Bearer s3cret";

    /// <summary>The silo's conversation store, so a test can write a log as a silo that died mid-command left it.</summary>
    public InMemoryConversationStore Store { get; } = new(Engine.Persistence.StoredPayloads.Standalone);

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    public DeliveryClusterFixture()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton<IConversationStore>(Store);
            silo.AddEngine();
            silo.Services.Configure<DeliveryOptions>(o =>
            {
                o.FirstRetryDelay = TimeSpan.FromMilliseconds(200);
                o.MaxRetryDelay = TimeSpan.FromSeconds(1);
                o.MaxAge = TimeSpan.FromSeconds(20);
                o.HttpRetries = 1;
                o.HttpRetryDelay = TimeSpan.FromMilliseconds(50);
                o.Secrets[SecretName] = SecretValue;
            });
        });
        Cluster = builder.Build();
    }

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class DeliveryClusterCollection : ICollectionFixture<DeliveryClusterFixture>
{
    public const string Name = "delivery-cluster";
}
