namespace Engine.Tests.Hosting;

using Engine.Conversations;
using Engine.Customers;
using Engine.Hosting;
using Engine.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;

/// <summary>
/// The grains a conversation keeps beside itself go soon after their last call, the stream later, and the conversation
/// stays: what a conversation costs in memory between its messages is the conversation alone.
/// </summary>
public sealed class HelperCollectionTests : IAsyncLifetime
{
    private static readonly TimeSpan HelperAge = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StreamAge = TimeSpan.FromSeconds(30);
    private readonly InProcessTestCluster _cluster;

    public HelperCollectionTests()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddEngine();
            silo.Services.Configure<EngineOptions>(o => (o.HelperCollectionAge, o.StreamCollectionAge) = (HelperAge, StreamAge));
        });
        _cluster = builder.Build();
    }

    public Task InitializeAsync() => _cluster.DeployAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public void The_collection_pass_comes_at_most_half_the_shortest_age_apart_and_never_less_often_than_set()
    {
        var collection = new GrainCollectionOptions();
        HelperCollection.Apply(collection, new EngineOptions { HelperCollectionAge = TimeSpan.FromSeconds(30) });
        Assert.Equal(TimeSpan.FromSeconds(15), collection.CollectionQuantum);
        Assert.Equal(TimeSpan.FromSeconds(30), collection.ClassSpecificCollectionAge[typeof(ThreadDirectoryGrain).FullName!]);
        Assert.Equal(new EngineOptions().StreamCollectionAge, collection.ClassSpecificCollectionAge[typeof(RealtimeStreamGrain).FullName!]);

        var frequent = new GrainCollectionOptions { CollectionQuantum = TimeSpan.FromSeconds(5) };
        HelperCollection.Apply(frequent, new EngineOptions());
        Assert.Equal(TimeSpan.FromSeconds(5), frequent.CollectionQuantum);
    }

    [Fact]
    public async Task After_a_message_the_helpers_go_at_their_age_while_the_stream_and_the_conversation_stay()
    {
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var outcome = await _cluster.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(tenant, ChannelKind.X,
            Visibility.Public, "m1", new MessageAuthor(AuthorKind.Customer, "x:100"), "my order is late", now, now, "m1", null));

        var helpers = new[]
        {
            _cluster.Client.GetGrain<IThreadDirectoryGrain>("any").GetGrainId().Type,
            _cluster.Client.GetGrain<ICustomerIdentityGrain>("any").GetGrainId().Type,
            _cluster.Client.GetGrain<ICustomerGrain>("any").GetGrainId().Type,
        };
        var mine = await ActiveOf(tenant, outcome.ConversationId);
        Assert.All(helpers, type => Assert.Contains(type, mine)); // each was called for the first message

        // Orleans collects at its pass, half the shortest age apart: within 1.5 ages plus the pass's own time.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (helpers.Any(mine.Contains) && waited.Elapsed < HelperAge * 5)
        {
            await Task.Delay(250);
            mine = await ActiveOf(tenant, outcome.ConversationId);
        }

        Assert.All(helpers, type => Assert.DoesNotContain(type, mine));
        Assert.Contains(_cluster.Client.GetGrain<IConversationGrain>(outcome.ConversationId).GetGrainId().Type, mine);
        Assert.Contains(_cluster.Client.GetGrain<IRealtimeStreamGrain>("any").GetGrainId().Type, mine);
    }

    /// <summary>The types of the active grains whose key names the tenant or the conversation.</summary>
    private async Task<List<GrainType>> ActiveOf(string tenant, Guid conversation)
    {
        var active = await _cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return active
            .Where(g => g.GrainId.Key.ToString() is { } key && (key.Contains(tenant, StringComparison.Ordinal)
                || key.Contains(conversation.ToString("N"), StringComparison.OrdinalIgnoreCase)
                || key.Contains(conversation.ToString(), StringComparison.OrdinalIgnoreCase)))
            .Select(g => g.GrainId.Type)
            .ToList();
    }
}
