namespace Engine.Tests.Cluster;

using Engine.Realtime;
using Engine.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Engine.Tests.Probes;
using Npgsql;

public sealed class PersistenceTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [PostgresFact]
    public async Task Grain_state_outlives_the_silo_that_wrote_it()
    {
        var clusterId = $"persist-{Guid.NewGuid():N}";

        await using (var first = await PostgresSilo.StartAsync(database.ConnectionString, clusterId))
        {
            var counter = first.Grains.GetGrain<ICounterGrain>("durable");
            await counter.Increment();
            Assert.Equal(2, await counter.Increment());
        }

        Assert.Equal(2, await StoredVersionAsync());

        // A new silo, new ports, same database: the state comes back from PostgreSQL, not from memory.
        await using var second = await PostgresSilo.StartAsync(database.ConnectionString, clusterId);
        var again = second.Grains.GetGrain<ICounterGrain>("durable");
        Assert.Equal(2, await again.Get());
        Assert.Equal(3, await again.Increment());
        Assert.Equal(0, await second.Grains.GetGrain<ICounterGrain>("never-written").Get());
        Assert.Equal(3, await StoredVersionAsync());
    }

    [PostgresFact]
    public async Task The_stream_store_sees_a_stream_an_earlier_version_kept_as_grain_state()
    {
        await using var silo = await PostgresSilo.StartAsync(database.ConnectionString, $"legacy-{Guid.NewGuid():N}");
        var streams = silo.Services.GetRequiredService<IRealtimeStreamStore>();
        Assert.False(await streams.MayHoldLegacyStreams(CancellationToken.None));

        // Written the way the earlier version's grain state was: through the silo's Orleans ADO.NET storage.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(EngineStorage.Name);
        await storage.WriteStateAsync(RealtimeStreamGrain.LegacyStateName, GrainId.Create("stream", "acme/conversation:1"),
            new GrainState<RealtimeStreamState>(new RealtimeStreamState { LastSequence = 1 }));

        Assert.True(await streams.MayHoldLegacyStreams(CancellationToken.None));
    }

    /// <summary>The row's version (ETag): one per successful write, proving the writes reached PostgreSQL.</summary>
    private async Task<int> StoredVersionAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Version FROM OrleansStorage WHERE GrainIdExtensionString = 'durable' AND PayloadBinary IS NOT NULL", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
