namespace Engine.Tests.Failover;

using System.Diagnostics;
using System.Net;

/// <summary>What one fault under load did: when it started and ended, when service came back, and every problem.</summary>
public sealed class ChaosReport(string fault)
{
    public string Fault => fault;
    public int Acknowledged { get; set; }
    public int Stored { get; set; }
    public int Duplicates { get; set; }
    public int Assigned { get; set; }
    /// <summary>How long the steady load ran (start to stop, before the final round), for its rate.</summary>
    public TimeSpan LoadLasted { get; set; }
    public TimeSpan FaultLasted { get; set; }
    /// <summary>From the fault's start to the first message acknowledged after the fault was over.</summary>
    public TimeSpan? Recovered { get; set; }
    /// <summary>From the fault's start until every thread had taken a new message after it.</summary>
    public TimeSpan? FullService { get; set; }
    public IReadOnlyDictionary<string, int> Failures { get; set; } = new Dictionary<string, int>();
    public List<string> Problems { get; } = [];

    public string Summary() =>
        $"{Fault}: fault lasted {FaultLasted.TotalSeconds:0.0} s; first ack after it {Seconds(Recovered)} after the fault began; " +
        $"every thread served again {Seconds(FullService)} after it began; {Acknowledged} acknowledged ({Acknowledged / Math.Max(1, LoadLasted.TotalSeconds):0}/s over {LoadLasted.TotalSeconds:0} s of load), {Stored} stored, " +
        $"{Duplicates} duplicates; {Assigned} conversations assigned (none twice unless listed); failed attempts: {(Failures.Count == 0 ? "none" : string.Join(", ", Failures.Select(f => $"{f.Key} ×{f.Value}")))}; " +
        $"{Problems.Count} problems";

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.00} s" : "never";
}

/// <summary>
/// Steady inbound load through the Gateway, one fault in the middle of it, and the audit afterwards: every
/// acknowledged message stored exactly once, and every thread taking new messages again.
/// </summary>
public sealed class ChaosScenario(EngineCluster cluster, TimeSpan requestTimeout)
{
    // A tenant per run: its agents and capacity are its own, even when runs share a cluster or a database.
    private readonly string tenant = $"chaos-{Guid.NewGuid():N}"[..14];
    private const int Threads = 200;
    private const int Concurrency = 16;
    private static readonly TimeSpan LoadAfterFault = TimeSpan.FromSeconds(5);

    /// <param name="fault">Injects the fault and returns when it is over (the server is back, the process restarted).</param>
    /// <param name="allowed">Which failed attempts are acceptable during this fault (e.g. transport errors while no Gateway runs).</param>
    public async Task<ChaosReport> RunAsync(string name, Func<Task> fault, Func<string, bool> allowed)
    {
        var report = new ChaosReport(name);
        var clock = Stopwatch.StartNew();
        using var http = cluster.Client(requestTimeout);
        var load = new InboundLoad(http, tenant, Threads, clock);
        var assignments = new AssignmentAudit(http, tenant);
        await assignments.RegisterAgentsAsync();
        using var stopLoad = new CancellationTokenSource();
        var loading = load.RunAsync(Concurrency, Threads, stopLoad.Token);

        await Eventually.TrueAsync(() => Task.FromResult(Enumerable.Range(0, Threads).All(t => load.AcknowledgedIn(t) >= 2)),
            TimeSpan.FromSeconds(60), "the load never reached two messages per thread");
        var faultAt = clock.Elapsed;
        await fault();
        var overAt = clock.Elapsed;
        report.FaultLasted = overAt - faultAt;

        await Eventually.TrueAsync(() => Task.FromResult(load.Acknowledged.Values.Any(a => a.At > overAt)),
            TimeSpan.FromSeconds(60), $"no message was acknowledged within 60 s after the fault was over\n{cluster.Diagnostics()}");
        report.Recovered = load.Acknowledged.Values.Where(a => a.At > overAt).Min(a => a.At) - faultAt;
        var keepLoadUntil = overAt + LoadAfterFault;
        if (clock.Elapsed < keepLoadUntil) await Task.Delay(keepLoadUntil - clock.Elapsed);
        stopLoad.Cancel();
        await loading;
        report.LoadLasted = clock.Elapsed;

        // Full service: every thread, wherever its conversation lives, takes a brand-new message.
        await Parallel.ForEachAsync(Enumerable.Range(0, Threads), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (thread, _) =>
        {
            var ack = await load.SendNextAsync(thread);
            if (ack?.Status != HttpStatusCode.Created)
                lock (report.Problems) report.Problems.Add($"thread {thread} did not take a new message after the fault ({ack?.Status.ToString() ?? "no answer"})");
        });
        report.FullService = clock.Elapsed - faultAt;

        var acknowledged = load.Acknowledged.Values.ToList();
        report.Acknowledged = acknowledged.Count;
        report.Failures = new Dictionary<string, int>(load.Failures);
        report.Problems.AddRange(report.Failures.Keys.Where(kind => !allowed(kind)).Select(kind => $"the Gateway failed with {kind} ×{report.Failures[kind]}"));
        report.Problems.AddRange(load.Rejected.Select(r => $"rejected: {r}"));
        report.Problems.AddRange(load.NeverAcknowledged().Select(id => $"{id} was never acknowledged"));
        report.Problems.AddRange(acknowledged.GroupBy(a => a.Thread).Where(g => g.Select(a => a.ConversationId).Distinct().Count() > 1)
            .Select(g => $"thread {g.Key} was split over {g.Select(a => a.ConversationId).Distinct().Count()} conversations"));

        var audit = new ConversationAudit(http, tenant);
        var problems = await audit.CheckExactlyOnceAsync(acknowledged);
        report.Duplicates = problems.Count(p => p.Contains(" times in ", StringComparison.Ordinal));
        report.Stored = acknowledged.Count - problems.Count(p => p.Contains(" but missing from ", StringComparison.Ordinal));
        report.Problems.AddRange(problems);
        report.Problems.AddRange(await assignments.CheckAssignedOnceAsync(
            acknowledged.Select(a => a.ConversationId).Distinct().ToList(), count => report.Assigned = count));
        return report;
    }
}
