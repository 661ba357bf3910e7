namespace Engine.Tests.Cluster;

using Engine.Tests.Postgres;
using Engine.Tests.Probes;

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

        // A new silo, new ports, same database: the state comes back from PostgreSQL, not from memory.
        await using var second = await PostgresSilo.StartAsync(database.ConnectionString, clusterId);
        var again = second.Grains.GetGrain<ICounterGrain>("durable");
        Assert.Equal(2, await again.Get());
        Assert.Equal(3, await again.Increment());
        Assert.Equal(0, await second.Grains.GetGrain<ICounterGrain>("never-written").Get());
    }
}
