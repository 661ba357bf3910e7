namespace Engine.Telemetry;

using System.Globalization;
using Microsoft.Extensions.Configuration;

/// <summary>
/// Whether a host records traces, and which share of them. Spans cost every request and every grain call their
/// <c>Activity</c> objects and the trace context copied into each call's request context (about a third of what an
/// inbound message allocated in the Gateway), so a host records them only when someone reads them: an OTLP exporter
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) or <c>Telemetry:Tracing=true</c> for a listener in the process.
/// <c>Telemetry:TraceSampleRatio</c> (0-1, default 1) keeps that share of new traces; a trace started upstream
/// follows its caller's decision.
/// </summary>
public sealed record TraceSettings(bool Enabled, double SampleRatio)
{
    public static TraceSettings From(IConfiguration configuration)
    {
        var exporter = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var enabled = configuration["Telemetry:Tracing"] is { Length: > 0 } text
            ? bool.TryParse(text, out var value) ? value
                : throw new InvalidOperationException($"Telemetry:Tracing must be true or false, not '{text}'.")
            : exporter;
        var ratio = 1.0;
        if (configuration["Telemetry:TraceSampleRatio"] is { Length: > 0 } ratioText
            && (!double.TryParse(ratioText, NumberStyles.Float, CultureInfo.InvariantCulture, out ratio) || ratio is < 0 or > 1))
            throw new InvalidOperationException($"Telemetry:TraceSampleRatio must be a number from 0 to 1, not '{ratioText}'.");
        return new TraceSettings(enabled, ratio);
    }
}
