namespace Engine.Tests.Failover;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

/// <summary>
/// Drives traffic through the Gateway, stops one silo mid-load, keeps the traffic going, and then checks what the
/// engine acknowledged against what it stores.
/// </summary>
public sealed class FailoverScenario(EngineCluster cluster)
{
    private const string Tenant = "acme";
    private const int Threads = 300;
    private const int ThreadsBeforeStop = 240;
    private const int Concurrency = 16;
    private const int ProbedConversations = 32;
    private const int Dead = 6;
    private static readonly TimeSpan LoadAfterStop = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RecoveryLimit = TimeSpan.FromSeconds(45);

    public async Task<FailoverReport> RunAsync(string how, Action<ChildProgram> stopSilo)
    {
        var report = new FailoverReport(how) { Threads = Threads };
        var clock = Stopwatch.StartNew();
        using var http = cluster.Client(TimeSpan.FromSeconds(10));
        var load = new InboundLoad(http, Tenant, Threads, clock);
        var audit = new ConversationAudit(http, Tenant);

        using var stopLoad = new CancellationTokenSource();
        var loading = load.RunAsync(Concurrency, ThreadsBeforeStop, stopLoad.Token);

        // Stop the silo once every thread has a conversation with a couple of messages, so each silo hosts some.
        await Eventually.TrueAsync(() => Task.FromResult(loading.IsCompleted || Enumerable.Range(0, ThreadsBeforeStop).All(t => load.AcknowledgedIn(t) >= 2)),
            TimeSpan.FromSeconds(60), "the load never reached two messages per thread");
        var (victim, victimPort) = cluster.Silos[1];
        // Only conversations of this load: the readiness check activated empty ones that rightly answer 404.
        var ours = load.Acknowledged.Values.Select(a => a.ConversationId).ToHashSet();
        var moved = (await cluster.ConversationsOnSiloAsync(victimPort)).Where(ours.Contains).ToList();
        report.ConversationsOnStoppedSilo = moved.Count;

        var stoppedAt = clock.Elapsed;
        stopSilo(victim);
        load.StartRemainingThreads();
        var declaredDead = WatchMembershipAsync(victimPort, clock, stoppedAt);
        var served = await ProbeMovedAsync(audit, moved.Take(ProbedConversations).ToList(), clock, stoppedAt);

        var keepLoadUntil = stoppedAt + LoadAfterStop;
        if (clock.Elapsed < keepLoadUntil) await Task.Delay(keepLoadUntil - clock.Elapsed);
        stopLoad.Cancel();
        await loading;
        report.LoadAfterStop = clock.Elapsed - stoppedAt;
        report.DeclaredDead = await declaredDead;

        report.Probed = Math.Min(ProbedConversations, moved.Count);
        report.FirstMovedServed = served.Count > 0 ? served.Values.Min() : null;
        report.LastProbedServed = served.Count == report.Probed && served.Count > 0 ? served.Values.Max() : null;
        if (moved.Count == 0) report.Problems.Add("the stopped silo hosted no conversation, so nothing had to move");
        if (served.Count < report.Probed)
            report.Problems.Add($"only {served.Count} of {report.Probed} probed moved conversations were served within {RecoveryLimit.TotalSeconds:0} s");

        // After the stop every thread, wherever its conversation lived, must take a brand-new message.
        await Parallel.ForEachAsync(Enumerable.Range(0, Threads), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (thread, _) =>
        {
            var ack = await load.SendNextAsync(thread);
            if (ack?.Status != HttpStatusCode.Created)
                lock (report.Problems) report.Problems.Add($"thread {thread} did not accept a new message after the stop ({ack?.Status.ToString() ?? "no answer"})");
        });

        var acknowledged = load.Acknowledged.Values.ToList();
        report.Acknowledged = acknowledged.Count;
        report.AcknowledgedAfterStop = acknowledged.Count(a => a.At > stoppedAt);
        report.Retries = load.Retries;
        report.Problems.AddRange(load.Rejected.Select(r => $"rejected: {r}"));
        report.Problems.AddRange(load.NeverAcknowledged().Select(id => $"{id} was never acknowledged"));
        foreach (var split in acknowledged.GroupBy(a => a.Thread).Where(g => g.Select(a => a.ConversationId).Distinct().Count() > 1))
        {
            var parts = new List<string>();
            foreach (var conversation in split.GroupBy(a => a.ConversationId))
                parts.Add($"{conversation.Count()} messages from {conversation.Min(a => a.At).TotalSeconds:0.0} s in {conversation.Key} " +
                    $"(threads {await audit.ThreadKeysAsync(conversation.Key)})");
            var ordered = split.OrderBy(a => a.At).ToList();
            var firstMoved = ordered.First(a => a.ConversationId != ordered[0].ConversationId).PlatformMessageId;
            var parent = $"{firstMoved[..firstMoved.LastIndexOf('-')]}-{int.Parse(firstMoved[(firstMoved.LastIndexOf('-') + 1)..]) - 1}";
            parts.Add($"state of the reply's parent: {await cluster.StoredGrainStateAsync(parent)}");
            parts.Add("acks: " + string.Join(" ", ordered.Take(6).Select(a => $"{a.PlatformMessageId}@{a.At.TotalSeconds:0.00}")));
            report.Problems.Add($"thread {split.Key} was split (stop at {stoppedAt.TotalSeconds:0.0} s): {string.Join("; ", parts)}");
        }
        report.Problems.AddRange(await audit.CheckExactlyOnceAsync(acknowledged));
        report.Total = clock.Elapsed;
        return report;
    }

    /// <summary>Polls each moved conversation until the survivors serve it; the time since the stop, per conversation.</summary>
    private static async Task<ConcurrentDictionary<Guid, TimeSpan>> ProbeMovedAsync(
        ConversationAudit audit, List<Guid> conversations, Stopwatch clock, TimeSpan stoppedAt)
    {
        var served = new ConcurrentDictionary<Guid, TimeSpan>();
        await Task.WhenAll(conversations.Select(async id =>
        {
            while (clock.Elapsed - stoppedAt < RecoveryLimit)
            {
                if (await audit.TryReadAsync(id) is not null)
                {
                    served[id] = clock.Elapsed - stoppedAt;
                    return;
                }
                await Task.Delay(100);
            }
        }));
        return served;
    }

    /// <summary>When the membership table first shows the stopped silo as dead.</summary>
    private async Task<TimeSpan?> WatchMembershipAsync(int siloPort, Stopwatch clock, TimeSpan stoppedAt)
    {
        while (clock.Elapsed - stoppedAt < RecoveryLimit)
        {
            if (await cluster.MembershipStatusAsync(siloPort) == Dead) return clock.Elapsed - stoppedAt;
            await Task.Delay(100);
        }
        return null;
    }
}
