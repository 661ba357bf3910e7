namespace Engine.Routing;

/// <summary>
/// Where queue partitions keep what they hold: one row per waiting or offered conversation, one row per agent who
/// announced itself, and the partition's assigned count. A write carries only what changed since the last one, so
/// its cost follows the size of the change, not the depth of the queue.
/// </summary>
public interface IQueueStore
{
    Task<StoredPartition> Load(PartitionAddress partition, CancellationToken cancellationToken);

    /// <summary>Applies one partition's changes atomically: all of them are stored, or none.</summary>
    Task Write(PartitionAddress partition, PartitionChanges changes, CancellationToken cancellationToken);
}

/// <summary>One queue partition, as grain key <c>tenant/queue/partition</c> names it.</summary>
public sealed record PartitionAddress(string Tenant, string QueueId, int Partition)
{
    public static PartitionAddress Parse(string grainKey)
    {
        var parts = grainKey.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var partition))
            throw new ArgumentException($"'{grainKey}' is not a queue partition key (tenant/queue/partition).", nameof(grainKey));
        return new PartitionAddress(parts[0], parts[1], partition);
    }
}

public sealed record StoredPartition(IReadOnlyList<StoredQueueEntry> Entries, IReadOnlyList<string> Agents, long Assigned)
{
    public static readonly StoredPartition Empty = new([], [], 0);
}

/// <summary>
/// What changed in a partition: entries written again (new, offered, offer ended) or gone (assigned, removed), agents
/// who joined or left its roster, and the assigned count as it now stands.
/// </summary>
public sealed record PartitionChanges(
    IReadOnlyList<StoredQueueEntry> Upserted,
    IReadOnlyList<Guid> Removed,
    IReadOnlyList<string> AgentsAdded,
    IReadOnlyList<string> AgentsRemoved,
    long Assigned)
{
    public int Count => Upserted.Count + Removed.Count + AgentsAdded.Count + AgentsRemoved.Count;
}
