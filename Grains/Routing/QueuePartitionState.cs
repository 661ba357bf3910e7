namespace Engine.Routing;

using Engine.Agents;

/// <summary>What a queue partition keeps across activations: its conversations with their offers, and its agents.</summary>
[GenerateSerializer, Alias("engine.QueuePartitionState")]
public sealed class QueuePartitionState
{
    [Id(0)] public List<StoredQueueEntry> Entries { get; set; } = [];
    /// <summary>Agents who have told this partition about themselves; asked to do so again after a restart.</summary>
    [Id(1)] public List<string> Agents { get; set; } = [];
    [Id(2)] public long Assigned { get; set; }
}

[GenerateSerializer, Alias("engine.StoredQueueEntry")]
public sealed record StoredQueueEntry(
    [property: Id(0)] QueueTicket Ticket,
    [property: Id(1)] Offer? Offer,
    [property: Id(2)] string? OfferedTo,
    [property: Id(3)] IReadOnlyList<string> Tried);
