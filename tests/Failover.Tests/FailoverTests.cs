namespace Engine.Tests.Failover;

using Engine.Tests.Postgres;
using Xunit.Abstractions;

/// <summary>
/// Three silo processes and a Gateway on one PostgreSQL; one silo is stopped in the middle of inbound traffic.
/// Nothing the Gateway acknowledged may be lost or stored twice, and the dead silo's conversations must be served
/// again by the survivors.
/// </summary>
public sealed class FailoverTests(FailoverDatabase database, ITestOutputHelper output) : IClassFixture<FailoverDatabase>
{
    [PostgresFact]
    public async Task A_silo_killed_with_SIGKILL_mid_load_loses_and_duplicates_nothing()
    {
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString);
        var report = await new FailoverScenario(cluster).RunAsync("SIGKILL", silo => silo.KillAbruptly());
        output.WriteLine(report.Summary());

        AssertNoProblems(report, cluster);
        Assert.True(report.AcknowledgedAfterStop > 0, $"no message was acknowledged after the kill: {report.Summary()}");
        Assert.True(report.FirstMovedServed is not null, $"no moved conversation was served again: {report.Summary()}");
        cluster.DeleteLogsOnDispose = true;
    }

    [PostgresFact]
    public async Task A_silo_stopped_with_SIGTERM_mid_load_loses_and_duplicates_nothing()
    {
        await using var cluster = await EngineCluster.StartAsync(database.ConnectionString);
        var stopped = cluster.Silos[1].Process;
        var report = await new FailoverScenario(cluster).RunAsync("SIGTERM", silo => silo.Terminate());
        output.WriteLine(report.Summary());

        AssertNoProblems(report, cluster);
        var exitCode = await stopped.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(exitCode == 0, $"the silo did not exit cleanly after SIGTERM (exit {exitCode?.ToString() ?? "timed out"}): {report.Summary()}\n{stopped.Tail()}");
        Assert.True(report.DeclaredDead is not null, $"the stopped silo never marked itself dead: {report.Summary()}");
        cluster.DeleteLogsOnDispose = true;
    }

    private void AssertNoProblems(FailoverReport report, EngineCluster cluster)
    {
        foreach (var problem in report.Problems.Take(50))
            output.WriteLine(problem);
        if (report.Problems.Count > 0)
            Assert.Fail($"{report.Summary()}\n{string.Join("\n", report.Problems.Take(30))}\n{cluster.Diagnostics()}");
    }
}
