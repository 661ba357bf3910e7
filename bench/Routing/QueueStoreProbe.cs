namespace Engine.Bench.Routing;

using System.Diagnostics;
using Engine.Agents;
using Engine.Conversations;
using Engine.Persistence;
using Engine.Routing;

/// <summary>
/// The cost of one queue partition write against the partition's depth, on a store alone (no silo): the partition
/// is filled to each depth in large batches, then single-entry writes are timed, as an enqueue (one row upserted)
/// and as an assignment (one row deleted) write them. For contrast it also times what the earlier design did per
/// write, serializing every entry of the partition.
/// </summary>
internal static class QueueStoreProbe
{
    public static async Task Run(IQueueStore store, StoredPayloads payloads, string name, IReadOnlyList<int> depths, int samples)
    {
        var address = new PartitionAddress("probe", $"q{Guid.NewGuid():N}"[..12], 0);
        var entries = new List<StoredQueueEntry>();
        foreach (var depth in depths)
        {
            while (entries.Count < depth)
            {
                var batch = Enumerable.Range(0, Math.Min(5_000, depth - entries.Count)).Select(_ => Entry()).ToList();
                await store.Write(address, new PartitionChanges(batch, [], [], [], 0), CancellationToken.None);
                entries.AddRange(batch);
            }
            var (enqueue, assign) = (new List<double>(), new List<double>());
            for (var i = 0; i < samples; i++)
            {
                var entry = Entry();
                var started = Stopwatch.GetTimestamp();
                await store.Write(address, new PartitionChanges([entry], [], [], [], i), CancellationToken.None);
                enqueue.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                started = Stopwatch.GetTimestamp();
                await store.Write(address, new PartitionChanges([], [entry.Ticket.ConversationId], [], [], i + 1), CancellationToken.None);
                assign.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var whole = Stopwatch.StartNew();
            var bytes = payloads.State(entries).Length;
            Console.WriteLine($"{name} depth {depth,7:N0}: enqueue write {LatencyRecorder.Describe(enqueue, 2)}; assignment write {LatencyRecorder.Describe(assign, 2)}; " +
                $"whole-partition serialization alone {whole.Elapsed.TotalMilliseconds:F1} ms, {bytes / 1024.0 / 1024.0:F1} MiB");
        }
    }

    private static StoredQueueEntry Entry() => new(
        new QueueTicket(Guid.NewGuid(), "probe", "general", Priority.Normal, null, DateTimeOffset.UtcNow, WorkKind.Social, new Dictionary<string, int>(), []),
        null, null, []);
}
