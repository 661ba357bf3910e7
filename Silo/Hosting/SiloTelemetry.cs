namespace Engine.Silo.Hosting;

using Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

public static class SiloTelemetry
{
    /// <summary>
    /// A silo has no HTTP endpoint, so its traces and metrics (engine, Orleans, Npgsql, runtime) leave by OTLP,
    /// and only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> says where to; <c>Telemetry:Tracing=false</c> keeps traces
    /// out of it and <c>Telemetry:TraceSampleRatio</c> thins them (<see cref="TraceSettings"/>).
    /// </summary>
    public static HostApplicationBuilder AddSiloTelemetry(this HostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return builder;
        var traces = TraceSettings.From(builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("engine-silo"));
        if (traces.Enabled)
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(traces.SampleRatio)))
                .AddSource(EngineTelemetry.Name, ActivitySources.AllActivitySourceName)
                .AddNpgsql()
                .AddOtlpExporter());
        telemetry.WithMetrics(metrics => metrics
            .AddMeter(EngineTelemetry.Name, "Microsoft.Orleans", "Npgsql")
            .AddRuntimeInstrumentation()
            .AddOtlpExporter());
        return builder;
    }
}
