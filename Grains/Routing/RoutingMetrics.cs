namespace Engine.Routing;

using System.Diagnostics.Metrics;

/// <summary>The engine's routing meter: how fast work reaches agents. Read by OpenTelemetry and by the routing benchmark.</summary>
public static class RoutingMetrics
{
    public const string MeterName = "Engine.Routing";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>From the conversation entering its queue to an agent holding the offer.</summary>
    public static readonly Histogram<double> OfferDelivered = Meter.CreateHistogram<double>(
        "engine.routing.offer_delivered", "ms", "Time from entering the queue to the offer reserved at an agent");

    /// <summary>From an agent's room freeing up to the next offer it holds, while work was waiting.</summary>
    public static readonly Histogram<double> Refill = Meter.CreateHistogram<double>(
        "engine.routing.refill", "ms", "Time from an agent's capacity freeing to its next offer");

    /// <summary>How long one group-committed write of a queue partition's state takes.</summary>
    public static readonly Histogram<double> PartitionWrite = Meter.CreateHistogram<double>(
        "engine.routing.partition_write", "ms", "Time to store a queue partition's state");

    /// <summary>Offers a partition confirmed to the accepting agent (before the conversation records the assignment).</summary>
    public static readonly Counter<long> HandOvers = Meter.CreateCounter<long>(
        "engine.routing.hand_overs", description: "Accepted offers confirmed by their queue partition");

    public static readonly Counter<long> Assignments = Meter.CreateCounter<long>(
        "engine.routing.assignments", description: "Conversations assigned to agents");
}
