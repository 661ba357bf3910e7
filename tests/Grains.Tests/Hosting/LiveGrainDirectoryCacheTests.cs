namespace Engine.Tests.Hosting;

using Engine.Conversations;
using Engine.Customers;
using Engine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Runtime.GrainDirectory;

/// <summary>
/// A silo's grain directory cache keeps the address of a grain while it is active and drops it when the idle collector
/// takes the grain. Orleans' own cache keeps the addresses of the helpers a message called for minutes after they go.
/// A silo host as production builds it (localhost clustering, Orleans' distributed directory): the test cluster
/// swaps in a directory of its own, which drops them itself.
/// </summary>
public sealed class LiveGrainDirectoryCacheTests : IAsyncLifetime
{
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next(), serviceId: "cache", clusterId: $"cache-{Guid.NewGuid():N}");
            silo.AddEngine();
            silo.Services.Configure<EngineOptions>(o => o.HelperCollectionAge = TimeSpan.FromSeconds(2));
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task The_helpers_of_a_message_leave_the_cache_when_they_are_collected_and_the_conversation_stays()
    {
        var cache = _host.Services.GetRequiredService<IGrainDirectoryCache>();
        Assert.IsType<LiveGrainDirectoryCache>(cache);
        var grains = _host.Services.GetRequiredService<IGrainFactory>();
        var tenant = $"t{Guid.NewGuid():N}"[..12];
        var now = DateTimeOffset.UtcNow;
        var outcome = await grains.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(tenant, ChannelKind.X,
            Visibility.Public, "m1", new MessageAuthor(AuthorKind.Customer, "x:100"), "my order is late", now, now, "m1", null));
        var conversation = grains.GetGrain<IConversationGrain>(outcome.ConversationId).GetGrainId();
        GrainType[] helpers =
        [
            grains.GetGrain<IThreadDirectoryGrain>("any").GetGrainId().Type,
            grains.GetGrain<ICustomerIdentityGrain>("any").GetGrainId().Type,
            grains.GetGrain<ICustomerGrain>("any").GetGrainId().Type,
        ];
        Assert.All(helpers, type => Assert.Contains(type, CachedOf(cache, tenant)));
        Assert.True(cache.LookUp(conversation, out _, out _));

        // Helpers go 2-3 s after their last call (HelperCollectionTests); the conversation's age is Orleans' default.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (helpers.Any(CachedOf(cache, tenant).Contains) && waited.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(250);

        Assert.All(helpers, type => Assert.DoesNotContain(type, CachedOf(cache, tenant)));
        Assert.True(cache.LookUp(conversation, out _, out _));
        Assert.True(((LiveGrainDirectoryCache)cache).Removed >= helpers.Length);
    }

    /// <summary>The types of the cached grains whose key names the tenant.</summary>
    private static List<GrainType> CachedOf(IGrainDirectoryCache cache, string tenant) =>
        cache.KeyValues.Select(e => e.ActivationAddress.GrainId)
            .Where(id => id.Key.ToString()!.Contains(tenant, StringComparison.Ordinal))
            .Select(id => id.Type)
            .ToList();
}
