namespace Engine.Tests.Cluster;

using Engine.Tests.Postgres;
using Engine.Tests.Probes;
using Npgsql;

public sealed class ReminderTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [PostgresFact]
    public async Task Reminder_is_stored_fires_and_keeps_firing_after_its_silo_is_gone()
    {
        var clusterId = $"remind-{Guid.NewGuid():N}";
        var key = $"probe-{Guid.NewGuid():N}";

        await using (var first = await PostgresSilo.StartAsync(database.ConnectionString, clusterId))
        {
            await first.Grains.GetGrain<IReminderProbeGrain>(key).Start(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            Assert.Equal(1, await CountReminderRowsAsync(key));
            await Eventually.TrueAsync(() => Task.FromResult(Ticks(key) >= 1), Patience, "reminder never fired");
        }

        // Nobody calls the grain on the second silo: only the reminder table can bring it back to life.
        var ticksBefore = Ticks(key);
        await using var second = await PostgresSilo.StartAsync(database.ConnectionString, clusterId);
        await Eventually.TrueAsync(() => Task.FromResult(Ticks(key) > ticksBefore), Patience, "reminder did not fire on the new silo");

        await second.Grains.GetGrain<IReminderProbeGrain>(key).Stop();
        Assert.Equal(0, await CountReminderRowsAsync(key));
    }

    private static int Ticks(string key) => ReminderProbeGrain.Ticks.GetValueOrDefault(key);

    private async Task<long> CountReminderRowsAsync(string key)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansRemindersTable WHERE GrainId LIKE @key", connection);
        command.Parameters.AddWithValue("key", $"%{key}");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
