namespace Engine.Conversations;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Engine.Telemetry;

/// <summary>Brand-wait responses and approvals on the engine's meter (<see cref="EngineTelemetry.Name"/>), recorded once stored.</summary>
public static class ConversationMetrics
{
    private static readonly InstrumentAdvice<double> ResponseBuckets = new()
    {
        HistogramBucketBoundaries = [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400],
    };

    public static readonly Histogram<double> FirstResponse = EngineTelemetry.Meter.CreateHistogram<double>(
        "engine.response.first", "s", "Brand-wait time ended by the brand's first answer in a conversation.", advice: ResponseBuckets);

    public static readonly Histogram<double> NextResponse = EngineTelemetry.Meter.CreateHistogram<double>(
        "engine.response.next", "s", "Brand-wait time ended by each later brand answer.", advice: ResponseBuckets);

    public static readonly Counter<long> Drafts = EngineTelemetry.Meter.CreateCounter<long>(
        "engine.approval.drafts", "{draft}", "Replies held for approval and how they were decided (held, approved, rejected).");

    public static readonly Histogram<double> ApprovalWait = EngineTelemetry.Meter.CreateHistogram<double>(
        "engine.approval.wait", "s", "From a reply drafted to a reviewer's decision.", advice: ResponseBuckets);

    public static void Response(bool first, TimeSpan waited, string tenant, ThreadState thread) =>
        (first ? FirstResponse : NextResponse).Record(Math.Max(0, waited.TotalSeconds), Tags(tenant, thread));

    public static void Draft(string outcome, string tenant, ThreadState thread, TimeSpan? waited = null)
    {
        var tags = Tags(tenant, thread);
        tags.Add("engine.outcome", outcome);
        Drafts.Add(1, tags);
        if (waited is { } w) ApprovalWait.Record(Math.Max(0, w.TotalSeconds), tags);
    }

    private static TagList Tags(string tenant, ThreadState thread) => new()
    {
        { "engine.tenant", tenant },
        { "engine.channel", TagNames<ChannelKind>.Of(thread.Channel) },
        { "engine.visibility", TagNames<Visibility>.Of(thread.Visibility) },
    };
}
