namespace Engine.Telemetry;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Conversations;

/// <summary>
/// The engine's own ActivitySource and Meter, both named <see cref="Name"/>. Attribute names follow the
/// OpenTelemetry convention of a namespaced, lower-case, dot-separated key (<c>engine.tenant</c>, ...).
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "Engine";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> MessagesIngested = Meter.CreateCounter<long>(
        "engine.messages.ingested", "{message}", "Inbound messages by tenant, channel, visibility and outcome (accepted, duplicate, rejected).");

    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>(
        "engine.ingest.duration", "s", "Time to route and durably store one inbound message.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    public static readonly Counter<long> SlaEvents = Meter.CreateCounter<long>(
        "engine.sla.events", "{event}", "SLA warnings and breaches by tenant, policy, target and kind.");

    public static readonly Counter<long> SqliteCommits = Meter.CreateCounter<long>(
        "engine.sqlite.commits", "{commit}", "Write transactions committed to the embedded SQLite file (one fsync each).");

    public static readonly Counter<long> SqliteWrites = Meter.CreateCounter<long>(
        "engine.sqlite.writes", "{write}", "Store writes those transactions carried (with group commit, many per commit).");

    public static readonly Counter<long> SqliteCheckpointFailures = Meter.CreateCounter<long>(
        "engine.sqlite.checkpoint.failures", "{checkpoint}", "Background checkpoints of the SQLite file that failed (the next one tries again).");

    public static readonly Counter<long> AlertsPublished = Meter.CreateCounter<long>(
        "engine.alerts.published", "{alert}", "Events published on supervisor feeds, by tenant and kind.");

    public static void RecordSla(string tenant, string policy, string target, string kind) =>
        SlaEvents.Add(1, new TagList
        {
            { "engine.tenant", tenant }, { "engine.sla.policy", policy }, { "engine.sla.target", target }, { "engine.sla.kind", kind },
        });

    public static void RecordIngest(InboundMessage message, string outcome, TimeSpan? duration = null)
    {
        var tags = new TagList
        {
            { "engine.tenant", message.Tenant },
            { "engine.channel", TagNames<ChannelKind>.Of(message.Channel) },
            { "engine.visibility", TagNames<Visibility>.Of(message.Visibility) },
            { "engine.outcome", outcome },
        };
        MessagesIngested.Add(1, tags);
        if (duration is { } d) IngestDuration.Record(d.TotalSeconds, tags);
    }

    /// <summary>A rejected input, counted where it was refused (the Gateway), with what is known of it.</summary>
    public static void RecordRejected(string tenant, string channel) =>
        MessagesIngested.Add(1, new TagList
        {
            { "engine.tenant", tenant }, { "engine.channel", channel }, { "engine.visibility", "unknown" }, { "engine.outcome", "rejected" },
        });
}
