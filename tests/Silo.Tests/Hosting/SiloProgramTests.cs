namespace Engine.Tests.Hosting;

using Engine.Tests.Postgres;
using Npgsql;

/// <summary>The Silo program's two commands, run as a separate process against a database of their own.</summary>
public sealed class SiloProgramTests
{
    [PostgresFact]
    public async Task Migrate_command_applies_the_scripts_once()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("engine_cli_test");
        try
        {
            var first = await SiloProcess.RunAsync("migrate", "--connection", connectionString);
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.Contains("applied 0001_main", first.Output);
            Assert.Contains("applied 0004_reminders", first.Output);

            var second = await SiloProcess.RunAsync("migrate", "--connection", connectionString);
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.Contains("schema is up to date", second.Output);
            Assert.DoesNotContain("applied", second.Output);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [PostgresFact]
    public async Task Run_command_joins_the_cluster_and_leaves_it_on_SIGTERM()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("engine_run_test");
        try
        {
            var siloPort = FreePorts.Next();
            await using var silo = SiloProcess.Start(["run"], new Dictionary<string, string>
            {
                ["Cluster__ConnectionString"] = connectionString,
                ["Cluster__ClusterId"] = "run-test",
                ["Cluster__SiloPort"] = siloPort.ToString(),
                ["Cluster__GatewayPort"] = FreePorts.Next().ToString(),
                ["Cluster__Loopback"] = "true",
                ["Cluster__MigrateOnStart"] = "true",
            });

            await Eventually.TrueAsync(async () => await StatusAsync(connectionString, siloPort) == 3,
                TimeSpan.FromSeconds(90), "the silo never became active");
            // Active in the membership table comes before the host has finished starting; a SIGTERM in between
            // cancels the start instead of shutting down.
            await Eventually.TrueAsync(() => Task.FromResult(silo.Output.Contains("Application started", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60), "the silo host never finished starting");

            silo.Terminate();
            var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.True(exitCode == 0, silo.Output);
            Assert.Equal(6, await StatusAsync(connectionString, siloPort)); // Dead: it said goodbye before exiting
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task<int?> StatusAsync(string connectionString, int siloPort)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Status FROM OrleansMembershipTable WHERE Port = @port", connection);
        command.Parameters.AddWithValue("port", siloPort);
        try
        {
            return (int?)await command.ExecuteScalarAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the silo has not migrated the database yet
        }
    }
}
