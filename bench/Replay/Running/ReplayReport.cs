namespace Engine.Replay;

/// <summary>The outcome of one replay: what the corpus held, what the engine answered, and what it stored.</summary>
public sealed record ReplayReport(ReplayOptions Options, ReplayPlan Plan, int Tenants, SendTally Sent, ReadBack Stored)
{
    public double MessagesPerSecond => Sent.Elapsed.TotalSeconds > 0 ? Plan.Messages.Count / Sent.Elapsed.TotalSeconds : 0;
}
