namespace Engine.Delivery;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Conversations;
using Engine.Telemetry;

/// <summary>Outbound delivery on the engine's meter (<see cref="EngineTelemetry.Name"/>): outbox depth, attempts and outcomes.</summary>
public static class DeliveryMetrics
{
    /// <summary>Entries held by the outbox partitions active on this silo (queued, retrying, or settled but not yet recorded).</summary>
    public static readonly UpDownCounter<long> OutboxDepth = EngineTelemetry.Meter.CreateUpDownCounter<long>(
        "engine.delivery.outbox.depth", "{entry}", "Outbox entries held, by tenant and channel.");

    public static readonly Counter<long> Attempts = EngineTelemetry.Meter.CreateCounter<long>(
        "engine.delivery.attempts", "{attempt}", "Delivery attempts by tenant, channel and result (delivered, permanent, transient).");

    public static readonly Counter<long> Outcomes = EngineTelemetry.Meter.CreateCounter<long>(
        "engine.delivery.outcomes", "{message}", "Outbound messages by tenant, channel and outcome (queued, sent, failed).");

    public static readonly Histogram<double> TimeToSettle = EngineTelemetry.Meter.CreateHistogram<double>(
        "engine.delivery.duration", "s", "From queued to sent or failed.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 60, 300, 3600] });

    public static void Depth(string tenant, ChannelKind channel, long change)
    {
        if (change != 0) OutboxDepth.Add(change, Tags(tenant, channel));
    }

    public static void Queued(string tenant, ChannelKind channel) => Outcomes.Add(1, Tags(tenant, channel, "queued"));

    public static void Attempt(string tenant, ChannelKind channel, DeliveryAttemptKind kind) =>
        Attempts.Add(1, Tags(tenant, channel, kind.ToString().ToLowerInvariant()));

    public static void Settled(string tenant, ChannelKind channel, DeliveryOutcome outcome, TimeSpan took)
    {
        var tags = Tags(tenant, channel, outcome.ToString().ToLowerInvariant());
        Outcomes.Add(1, tags);
        TimeToSettle.Record(took.TotalSeconds, tags);
    }

    private static TagList Tags(string tenant, ChannelKind channel, string? outcome = null)
    {
        var tags = new TagList { { "engine.tenant", tenant }, { "engine.channel", channel.ToString().ToLowerInvariant() } };
        if (outcome is not null) tags.Add("engine.outcome", outcome);
        return tags;
    }
}
