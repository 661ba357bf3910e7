namespace Engine.Tests.Cluster;

using Engine.Tests.Postgres;
using Npgsql;

public sealed class MembershipTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const int Active = 3;
    private const int Dead = 6;

    [PostgresFact]
    public async Task Two_silos_on_one_database_form_one_cluster()
    {
        var clusterId = $"members-{Guid.NewGuid():N}";

        await using var first = await PostgresSilo.StartAsync(database.ConnectionString, clusterId);
        await using (var second = await PostgresSilo.StartAsync(database.ConnectionString, clusterId))
        {
            await Eventually.TrueAsync(async () => (await StatusesAsync(clusterId)).Count(s => s.Status == Active) == 2,
                TimeSpan.FromSeconds(60), "both silos never showed as active in the membership table");

            var statuses = await StatusesAsync(clusterId);
            Assert.Equal(new[] { first.Options.SiloPort, second.Options.SiloPort }.Order(), statuses.Select(s => s.Port).Order());
            Assert.All(statuses, s => Assert.Equal("127.0.0.1", s.Address));

            // Both silos see each other: the cluster's own view agrees with the table.
            var management = first.Grains.GetGrain<IManagementGrain>(0);
            await Eventually.TrueAsync(async () => (await management.GetHosts(onlyActive: true)).Count == 2,
                TimeSpan.FromSeconds(60), "the cluster never listed two active silos");
        }

        // A graceful stop is recorded, so the survivor does not have to suspect and vote the silo out.
        await Eventually.TrueAsync(async () => (await StatusesAsync(clusterId)).Count(s => s.Status == Dead) == 1,
            TimeSpan.FromSeconds(30), "the stopped silo was not marked dead");
    }

    private async Task<List<(string Address, int Port, int Status)>> StatusesAsync(string clusterId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Address, Port, Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster", connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, int, int)>();
        while (await reader.ReadAsync())
            rows.Add((reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2)));
        return rows;
    }
}
