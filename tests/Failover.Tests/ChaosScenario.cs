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
    /// <summary>Acknowledged per second before the fault, once every thread had its first two messages.</summary>
    public double SteadyRate { get; set; }
    /// <summary>Median and 99th percentile from a message's first attempt to its acknowledgement, before the fault.</summary>
    public (TimeSpan P50, TimeSpan P99) SteadyLatency { get; set; }
    /// <summary>CPU per message acknowledged before the fault: silos and Gateway, PostgreSQL's processes, the load's own process.</summary>
    /// <remarks>Null without a steady window (<see cref="ChaosLoadShape.SteadyBefore"/> 0, the CI shape): nothing to divide by.</remarks>
    public (TimeSpan Engine, TimeSpan Postgres, TimeSpan Load)? SteadyCpuPerMessage { get; set; }
    /// <summary>Transactions the database committed per message acknowledged before the fault (null as above).</summary>
    public double? SteadyTransactionsPerMessage { get; set; }
    public TimeSpan FaultLasted { get; set; }
    /// <summary>The wall-clock time the fault began, to read it against the processes' logs.</summary>
    public DateTime FaultBegan { get; set; }
    /// <summary>From the fault's start to the first message acknowledged after the fault was over.</summary>
    public TimeSpan? Recovered { get; set; }
    /// <summary>From the fault's start until every thread had taken a new message after it.</summary>
    public TimeSpan? FullService { get; set; }
    public IReadOnlyDictionary<string, int> Failures { get; set; } = new Dictionary<string, int>();
    public List<string> Problems { get; } = [];

    public string Summary() =>
        $"{Fault}: began {FaultBegan:HH:mm:ss.fff} UTC, lasted {FaultLasted.TotalSeconds:0.0} s; first ack after it {Seconds(Recovered)} after the fault began; " +
        $"every thread served again {Seconds(FullService)} after it began; steady {SteadyRate:0}/s before the fault " +
        $"(p50 {SteadyLatency.P50.TotalMilliseconds:0} ms, p99 {SteadyLatency.P99.TotalMilliseconds:0} ms; CPU per message: " +
        $"{Cpu()}); {Acknowledged} acknowledged ({Acknowledged / Math.Max(1, LoadLasted.TotalSeconds):0}/s over {LoadLasted.TotalSeconds:0} s of load), {Stored} stored, " +
        $"{Duplicates} duplicates; {Assigned} conversations assigned (none twice unless listed); failed attempts: {(Failures.Count == 0 ? "none" : string.Join(", ", Failures.Select(f => $"{f.Key} ×{f.Value}")))}; " +
        $"{Problems.Count} problems";

    private string Cpu() => SteadyCpuPerMessage is { } cpu
        ? $"silos and Gateway {Micros(cpu.Engine)}, PostgreSQL {Micros(cpu.Postgres)}, load {Micros(cpu.Load)}; " +
          $"PostgreSQL transactions per message {SteadyTransactionsPerMessage:0.00}"
        : "not measured without a steady window";

    private static string Micros(TimeSpan t) => $"{t.TotalMicroseconds:0} µs";

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
    private static readonly ChaosLoadShape Shape = ChaosLoadShape.Current;
    private static readonly TimeSpan LoadAfterFault = TimeSpan.FromSeconds(5);

    /// <param name="fault">Injects the fault and returns when it is over (the server is back, the process restarted).</param>
    /// <param name="allowed">Which failed attempts are acceptable during this fault (e.g. transport errors while no Gateway runs).</param>
    public async Task<ChaosReport> RunAsync(string name, Func<Task> fault, Func<string, bool> allowed)
    {
        var report = new ChaosReport(name);
        var clock = Stopwatch.StartNew();
        using var http = cluster.Client(requestTimeout);
        var load = new InboundLoad(http, tenant, Shape.Threads, clock);
        var assignments = new AssignmentAudit(http, tenant, Shape.Agents, Shape.Capacity);
        await assignments.RegisterAgentsAsync();
        using var stopLoad = new CancellationTokenSource();
        var loading = load.RunAsync(Shape.Senders, Shape.Threads, stopLoad.Token);

        await Eventually.TrueAsync(() => Task.FromResult(Enumerable.Range(0, Shape.Threads).All(t => load.AcknowledgedIn(t) >= 2)),
            TimeSpan.FromSeconds(120), "the load never reached two messages per thread");
        if (Shape.WarmUp > TimeSpan.Zero) await Task.Delay(Shape.WarmUp);
        var steadyFrom = clock.Elapsed;
        var steady = Shape.SteadyBefore > TimeSpan.Zero;
        if (steady)
            await MeasureSteadyCostAsync(report, load, steadyFrom, clock);
        var faultAt = clock.Elapsed;
        MeasureSteadyLoad(report, load, steady ? steadyFrom : TimeSpan.Zero, faultAt);
        report.FaultBegan = DateTime.UtcNow;
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
        await Parallel.ForEachAsync(Enumerable.Range(0, Shape.Threads), new ParallelOptions { MaxDegreeOfParallelism = Shape.Senders }, async (thread, _) =>
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

    /// <summary>
    /// CPU and PostgreSQL transactions per message over the steady window. Only with one (the CI shape has none): a
    /// reading nothing uses must not be able to fail the audit.
    /// </summary>
    private async Task MeasureSteadyCostAsync(ChaosReport report, InboundLoad load, TimeSpan steadyFrom, Stopwatch clock)
    {
        var cpuBefore = SampleCpu();
        var transactionsBefore = await cluster.CommittedTransactionsAsync();
        await Task.Delay(Shape.SteadyBefore);
        var cpuAfter = SampleCpu();
        var transactionsAfter = await cluster.CommittedTransactionsAsync();
        var until = clock.Elapsed;
        var messages = load.Acknowledged.Values.Count(a => a.At > steadyFrom && a.At <= until);
        if (messages == 0) return;
        report.SteadyCpuPerMessage = (ProcessCpu.Between(cpuBefore.Engine, cpuAfter.Engine) / messages,
            ProcessCpu.Between(cpuBefore.Postgres, cpuAfter.Postgres) / messages, ProcessCpu.Between(cpuBefore.Load, cpuAfter.Load) / messages);
        report.SteadyTransactionsPerMessage = (transactionsAfter - transactionsBefore) / (double)messages;
    }

    private (Dictionary<int, TimeSpan> Engine, Dictionary<int, TimeSpan> Postgres, Dictionary<int, TimeSpan> Load) SampleCpu() =>
        (ProcessCpu.Sample(cluster.ProcessIds()), ProcessCpu.Sample(ProcessCpu.Named("postgres")), ProcessCpu.Sample([Environment.ProcessId]));

    private static void MeasureSteadyLoad(ChaosReport report, InboundLoad load, TimeSpan from, TimeSpan until)
    {
        var steady = load.Acknowledged.Values.Where(a => a.At > from && a.At <= until).Select(a => a.Took).Order().ToList();
        report.SteadyRate = steady.Count / Math.Max(0.001, (until - from).TotalSeconds);
        if (steady.Count > 0)
            report.SteadyLatency = (steady[(steady.Count - 1) / 2], steady[(int)Math.Ceiling(steady.Count * 0.99) - 1]);
    }
}
