namespace Engine.Tests.Failover;

using Engine.Tests.Postgres;
using Xunit.Abstractions;

/// <summary>
/// The store fails under steady inbound load: PostgreSQL is restarted (<c>pg_ctl restart -m fast</c>, every
/// connection cut) and then frozen for 10 s (SIGSTOP of the postmaster and its backends). Meanwhile the Gateway may
/// only succeed or answer 503 with Retry-After; afterwards every acknowledged message is stored exactly once and
/// every thread takes new messages. The server is this class's own (<see cref="PrivatePostgres"/>).
/// </summary>
public sealed class PostgresChaosTests(PrivatePostgres postgres, ITestOutputHelper output) : IClassFixture<PrivatePostgres>
{
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(10);

    [PostgresFact]
    public async Task PostgreSQL_restarted_and_then_paused_mid_load_loses_and_duplicates_nothing_and_service_returns()
    {
        await using var cluster = await EngineCluster.StartAsync(postgres.ConnectionString);
        // Longer than the pause, so a request held during it is seen answering rather than given up on by the client.
        var scenario = new ChaosScenario(cluster, TimeSpan.FromSeconds(30));
        static bool Allowed(string kind) => kind == "503 with Retry-After";

        var restart = await scenario.RunAsync("PostgreSQL restart (-m fast)", postgres.RestartAsync, Allowed);
        ChaosAssert.NoProblems(restart, cluster, output);

        var pause = await scenario.RunAsync($"PostgreSQL paused {Pause.TotalSeconds:0} s (SIGSTOP)", () => postgres.PauseAsync(Pause), Allowed);
        ChaosAssert.NoProblems(pause, cluster, output);
        cluster.DeleteLogsOnDispose = true;
    }
}
