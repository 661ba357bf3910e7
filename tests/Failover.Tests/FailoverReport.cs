namespace Engine.Tests.Failover;

/// <summary>What one failover run saw: the figures to report and every problem found.</summary>
public sealed class FailoverReport(string how)
{
    public string How => how;
    public int Threads { get; set; }
    public int Acknowledged { get; set; }
    public int AcknowledgedAfterStop { get; set; }
    public int Retries { get; set; }
    public int ConversationsOnStoppedSilo { get; set; }
    public int Probed { get; set; }
    public TimeSpan? FirstMovedServed { get; set; }
    public TimeSpan? LastProbedServed { get; set; }
    public TimeSpan? DeclaredDead { get; set; }
    public TimeSpan LoadAfterStop { get; set; }
    public TimeSpan Total { get; set; }
    public List<string> Problems { get; } = [];

    public string Summary() =>
        $"{How}: {Acknowledged} messages acknowledged over {Threads} threads ({AcknowledgedAfterStop} after the stop, " +
        $"{Retries} retries); {ConversationsOnStoppedSilo} conversations lived on the stopped silo; " +
        $"stop → first call served on a moved conversation: {Seconds(FirstMovedServed)}, " +
        $"all {Probed} probed served: {Seconds(LastProbedServed)}; silo marked dead after {Seconds(DeclaredDead)}; " +
        $"load kept going {LoadAfterStop.TotalSeconds:0.0} s after the stop; whole run {Total.TotalSeconds:0.0} s; " +
        $"{Problems.Count} problems";

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:0.00} s" : "never";
}
