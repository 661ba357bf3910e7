namespace Engine.Routing;

using Engine.Agents;

/// <summary>One conversation held by a partition as stored: its ticket, the offer out (if any) and who was tried.</summary>
[GenerateSerializer, Alias("engine.StoredQueueEntry")]
public sealed record StoredQueueEntry(
    [property: Id(0)] QueueTicket Ticket,
    [property: Id(1)] Offer? Offer,
    [property: Id(2)] string? OfferedTo,
    [property: Id(3)] IReadOnlyList<string> Tried);
