namespace Engine.Tests.Failover;

using System.Globalization;

/// <summary>
/// How hard the chaos tests load the cluster. The defaults keep the test suite short on a 2-core CI machine;
/// <c>bench/chaos.sh</c> sets the environment variables below for the heavy run recorded in docs/RELIABILITY.md.
/// </summary>
/// <param name="Threads">Customer threads (conversations) written to at once.</param>
/// <param name="Senders">Concurrent HTTP senders.</param>
/// <param name="Agents">Available agents on the auto-accepting queue.</param>
/// <param name="Capacity">Each agent's social capacity.</param>
/// <param name="WarmUp">Load after every thread has two messages and before the steady window, so the steady rate is that
/// of processes past their start (JIT tiering of a new .NET process took ~12 % of the machine for its first minute).</param>
/// <param name="SteadyBefore">Load before the fault, after the warm-up, so the steady rate is measured.</param>
/// <param name="OutboxConversations">Conversations whose agents reply while the outbox's receiver fails.</param>
public sealed record ChaosLoadShape(int Threads, int Senders, int Agents, int Capacity, TimeSpan WarmUp, TimeSpan SteadyBefore, int OutboxConversations)
{
    public static ChaosLoadShape Current { get; } = FromEnvironment();

    private static ChaosLoadShape FromEnvironment() => new(
        Threads: Read("ENGINE_CHAOS_THREADS", 200),
        Senders: Read("ENGINE_CHAOS_SENDERS", 16),
        Agents: Read("ENGINE_CHAOS_AGENTS", 10),
        Capacity: Read("ENGINE_CHAOS_CAPACITY", 30),
        WarmUp: TimeSpan.FromSeconds(Read("ENGINE_CHAOS_WARMUP_SECONDS", 0, allowZero: true)),
        SteadyBefore: TimeSpan.FromSeconds(Read("ENGINE_CHAOS_STEADY_SECONDS", 0)),
        OutboxConversations: Read("ENGINE_CHAOS_OUTBOX_CONVERSATIONS", 30));

    private static int Read(string variable, int fallback, bool allowZero = false)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        // A typo must not silently run the light shape and be recorded as the heavy one.
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0))
            ? value
            : throw new InvalidOperationException($"{variable}={text} is not a {(allowZero ? "whole" : "positive whole")} number");
    }

    public override string ToString() =>
        $"{Threads} threads, {Senders} senders, {Agents} agents × capacity {Capacity}, {WarmUp.TotalSeconds:0} s warm-up, {SteadyBefore.TotalSeconds:0} s steady before the fault";
}
