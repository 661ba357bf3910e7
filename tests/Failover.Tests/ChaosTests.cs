namespace Engine.Tests.Failover;

using Engine.Tests.Postgres;
using Xunit.Abstractions;

/// <summary>
/// Faults of the serving processes under steady inbound load (issue 10, "chaos under load"): the Gateway is killed
/// with SIGKILL and replaced. What it acknowledged must be stored exactly once and service must come back.
/// </summary>
public sealed class ChaosTests(FailoverDatabase database, ITestOutputHelper output) : IClassFixture<FailoverDatabase>
{
    [PostgresFact]
    public async Task A_gateway_killed_with_SIGKILL_mid_load_is_replaced_and_loses_and_duplicates_nothing()
    {
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString);
        var report = await new ChaosScenario(cluster, TimeSpan.FromSeconds(10)).RunAsync("gateway SIGKILL", () =>
        {
            cluster.Gateway!.KillAbruptly();
            cluster.StartReplacementGateway();
            return Task.CompletedTask;
        // Requests in flight die with the process and none connect until the new one listens; no 5xx but 503 is fine.
        }, kind => kind is "transport" or "timeout" or "503 with Retry-After");

        ChaosAssert.NoProblems(report, cluster, output);
        cluster.DeleteLogsOnDispose = true;
    }

    [PostgresFact]
    public async Task A_silo_killed_with_SIGKILL_while_agents_take_conversations_assigns_none_twice()
    {
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString);
        var report = await new ChaosScenario(cluster, TimeSpan.FromSeconds(10)).RunAsync("silo SIGKILL", () =>
        {
            cluster.Silos[1].Process.KillAbruptly();
            return Task.CompletedTask;
        // Calls to the dead silo fail until it is voted out: 503, or the client's own time-out while one hangs.
        }, kind => kind is "timeout" or "503 with Retry-After");

        ChaosAssert.NoProblems(report, cluster, output);
        Assert.True(report.Assigned > 0, $"no conversation was assigned, so the assignment check proved nothing: {report.Summary()}");
        cluster.DeleteLogsOnDispose = true;
    }
}

/// <summary>Shared checks of a chaos run: no problem found, and the figures written to the test output for docs/RELIABILITY.md.</summary>
public static class ChaosAssert
{
    public static void NoProblems(ChaosReport report, EngineCluster cluster, ITestOutputHelper output)
    {
        output.WriteLine($"load: {ChaosLoadShape.Current}");
        output.WriteLine(report.Summary());
        foreach (var problem in report.Problems.Take(50))
            output.WriteLine(problem);
        if (report.Problems.Count > 0)
            Assert.Fail($"{report.Summary()}\n{string.Join("\n", report.Problems.Take(30))}\n{cluster.Diagnostics()}");
        Assert.True(report.Acknowledged > 0 && report.Stored == report.Acknowledged && report.Duplicates == 0, report.Summary());
    }
}
