namespace Engine.Reporting;

/// <summary>One agent's time over a report's range, from its activity log.</summary>
/// <param name="SignedIn">Time with presence other than offline.</param>
/// <param name="Handle">Time holding at least one assigned conversation.</param>
/// <param name="Occupancy">Handle / SignedIn; null when the agent was never signed in.</param>
/// <param name="Assignments">Conversations assigned in the range.</param>
/// <param name="Replies">Outbound messages the agent authored in the range.</param>
[GenerateSerializer, Alias("engine.AgentOccupancyRow")]
public sealed record AgentOccupancyRow(
    [property: Id(0)] string AgentId,
    [property: Id(1)] TimeSpan SignedIn,
    [property: Id(2)] TimeSpan Available,
    [property: Id(3)] TimeSpan Handle,
    [property: Id(4)] double? Occupancy,
    [property: Id(5)] int Assignments,
    [property: Id(6)] int Replies);

[GenerateSerializer, Alias("engine.AgentOccupancyReport")]
public sealed record AgentOccupancyReport(
    [property: Id(0)] string Tenant,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] IReadOnlyList<AgentOccupancyRow> Rows);
