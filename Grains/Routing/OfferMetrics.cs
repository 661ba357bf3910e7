namespace Engine.Routing;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Telemetry;

/// <summary>How offers end and how long work waits for an agent, on the engine's meter (<see cref="EngineTelemetry.Name"/>).</summary>
public static class OfferMetrics
{
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string TimedOut = "timed_out";
    public const string Withdrawn = "withdrawn";

    public static readonly Counter<long> Offers = EngineTelemetry.Meter.CreateCounter<long>(
        "engine.routing.offers", "{offer}", "Offers by how they ended: accepted, declined, timed_out, withdrawn.");

    public static readonly Histogram<double> TimeToAssignment = EngineTelemetry.Meter.CreateHistogram<double>(
        "engine.routing.time_to_assignment", "s", "From entering the queue to an agent holding the conversation.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });

    public static void Ended(string tenant, string queue, string outcome, long count = 1)
    {
        if (count > 0)
            Offers.Add(count, new TagList { { "engine.tenant", tenant }, { "engine.queue", queue }, { "engine.outcome", outcome } });
    }

    public static void Assigned(string tenant, string queue, string how, TimeSpan waited) =>
        TimeToAssignment.Record(Math.Max(0, waited.TotalSeconds),
            new TagList { { "engine.tenant", tenant }, { "engine.queue", queue }, { "engine.assignment.kind", how } });
}
