namespace Engine.Gateway.Telemetry;

using Engine.Telemetry;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

/// <summary>
/// Traces and metrics of the engine, Orleans, ASP.NET Core, outgoing HTTP, Npgsql and the runtime; a Prometheus
/// scrape endpoint at <c>/metrics</c>, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Traces are
/// recorded only when something reads them (<see cref="TraceSettings"/>).
/// </summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddEngineTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var traces = TraceSettings.From(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("engine-gateway"));
        if (traces.Enabled)
            telemetry.WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(traces.SampleRatio)))
                    .AddSource(EngineTelemetry.Name, ActivitySources.AllActivitySourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql();
                if (otlp) tracing.AddOtlpExporter();
            });
        telemetry.WithMetrics(metrics =>
            {
                // Every instrument any host in the process ever created counts against this limit (the default 1,000),
                // past which new instruments are silently dropped: a process hosting several engines (tests) needs more.
                metrics.SetMaxMetricStreams(10_000);
                metrics.AddMeter(EngineTelemetry.Name, "Microsoft.Orleans", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // No response cache: a scrape shows what happened up to that moment.
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp) metrics.AddOtlpExporter();
            });
        return builder;
    }

    public static WebApplication MapEngineTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
