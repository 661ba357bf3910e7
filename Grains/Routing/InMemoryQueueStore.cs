namespace Engine.Routing;

using System.Collections.Concurrent;

/// <summary>Queue partitions held in memory: lost on restart; share one instance between silos to stand for a database.</summary>
public sealed class InMemoryQueueStore : IQueueStore
{
    private readonly ConcurrentDictionary<PartitionAddress, Partition> _partitions = new();

    public Task<StoredPartition> Load(PartitionAddress partition, CancellationToken cancellationToken)
    {
        if (!_partitions.TryGetValue(partition, out var held)) return Task.FromResult(StoredPartition.Empty);
        lock (held)
            return Task.FromResult(new StoredPartition(held.Entries.Values.ToList(), held.Agents.ToList(), held.Assigned));
    }

    public Task Write(PartitionAddress partition, PartitionChanges changes, CancellationToken cancellationToken)
    {
        var held = _partitions.GetOrAdd(partition, _ => new Partition());
        lock (held)
        {
            foreach (var entry in changes.Upserted) held.Entries[entry.Ticket.ConversationId] = entry;
            foreach (var id in changes.Removed) held.Entries.Remove(id);
            held.Agents.UnionWith(changes.AgentsAdded);
            held.Agents.ExceptWith(changes.AgentsRemoved);
            held.Assigned = changes.Assigned;
        }
        return Task.CompletedTask;
    }

    private sealed class Partition
    {
        public Dictionary<Guid, StoredQueueEntry> Entries { get; } = [];
        public HashSet<string> Agents { get; } = new(StringComparer.Ordinal);
        public long Assigned { get; set; }
    }
}
