namespace Engine.Tests.Telemetry;

using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Engine.Tests.Tools;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

/// <summary>An engine that records traces for a listener in the process (no exporter).</summary>
public sealed class TracingEngineApiFactory : EngineApiFactory
{
    public TracingEngineApiFactory() => With("Telemetry:Tracing", "true");
}

/// <summary>With an engine of its own: the scrape must show this host's ASP.NET Core and Orleans instruments.</summary>
public sealed partial class TelemetryTests(TracingEngineApiFactory factory) : IClassFixture<TracingEngineApiFactory>
{
    private readonly ApiClient _api = new(factory.CreateClient(), $"tel-{Guid.NewGuid():N}"[..16]);

    private async Task<string> Scrape()
    {
        var response = await _api.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The value of engine_messages_ingested_total for this test's tenant and one outcome (0 when absent).</summary>
    private double Ingested(string scrape, string outcome)
    {
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith("engine_messages_ingested_total{", StringComparison.Ordinal)
            && l.Contains($"engine_tenant=\"{_api.Tenant}\"") && l.Contains($"engine_outcome=\"{outcome}\""));
        return line is null ? 0 : double.Parse(SampleValue().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\}\s+([0-9.eE+-]+)")]
    private static partial Regex SampleValue();

    [Fact]
    public async Task Ingest_counters_move_by_outcome_when_traffic_flows()
    {
        await _api.Send(ApiClient.Inbound("t1"));
        await _api.Send(ApiClient.Inbound("t2"));
        await _api.Post("/inbound", ApiClient.Inbound("t1"));
        await _api.PostRaw("/inbound", """{"channel":"x"}""");

        // Metrics are collected on scrape; a scrape right after the calls sees them.
        var scrape = await Scrape();
        Assert.Equal(2, Ingested(scrape, "accepted"));
        Assert.Equal(1, Ingested(scrape, "duplicate"));
        Assert.Equal(1, Ingested(scrape, "rejected"));
        Assert.Contains("engine_ingest_duration_seconds_bucket{", scrape);
        Assert.Contains("http_server_request_duration_seconds", scrape);
    }

    [PromtoolFact]
    public async Task The_scrape_parses_and_the_engines_own_series_pass_promtool_lint()
    {
        await _api.Send(ApiClient.Inbound("p1"));
        var scrape = await Scrape();

        // The whole scrape must parse; Orleans' and the runtime's own names draw lint remarks we do not control.
        var (_, whole) = await Promtool.CheckMetrics(scrape);
        Assert.DoesNotContain("parsing error", whole);
        Assert.DoesNotContain("error while linting", whole);

        var ours = string.Join('\n', scrape.Split('\n').Where(l =>
            l.StartsWith("engine_", StringComparison.Ordinal) || l.StartsWith("# HELP engine_", StringComparison.Ordinal)
            || l.StartsWith("# TYPE engine_", StringComparison.Ordinal))) + "\n";
        Assert.Contains("engine_messages_ingested_total", ours);
        var (exitCode, output) = await Promtool.CheckMetrics(ours);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Liveness_and_readiness_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.GetAsync("/health/live")).StatusCode);
        var ready = await _api.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Without_an_exporter_or_the_setting_the_gateway_records_no_traces()
    {
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
        using var quiet = new EngineApiFactory();
        Assert.Null(quiet.Services.GetService<TracerProvider>());
        Assert.NotNull(quiet.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task One_trace_runs_from_the_http_request_through_the_grain_calls()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Engine" or "Microsoft.AspNetCore" || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) activities.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);

        var created = await _api.Send(ApiClient.Inbound("trace-1"));

        Activity ingest;
        lock (activities)
            ingest = activities.Single(a => a.OperationName == "engine.ingest" && (string?)a.GetTagItem("engine.platform_message_id") == "trace-1");
        Assert.Equal(_api.Tenant, ingest.GetTagItem("engine.tenant"));
        Assert.Equal((string?)created["conversationId"], ingest.GetTagItem("engine.conversation.id"));
        lock (activities)
        {
            var request = activities.Single(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == ingest.TraceId);
            Assert.Contains("/inbound", request.DisplayName + request.GetTagItem("url.path"));
            // The grain calls between the request and the ingest span are Orleans' own spans in the same trace.
            Assert.Contains(activities, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.TraceId == ingest.TraceId);
        }
    }

    [Fact]
    public async Task The_trace_of_a_reply_runs_on_into_its_delivery_to_the_connector()
    {
        await using var receiver = await Engine.Tests.Delivery.DeliveryReceiver.Start();
        var settings = new System.Text.Json.Nodes.JsonObject { ["baseUrl"] = receiver.BaseUrl, ["timeoutSeconds"] = 30 };
        Assert.Equal(HttpStatusCode.OK, (await _api.Http.PutAsync($"{_api.Base}/delivery/x",
            new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var created = await _api.Send(ApiClient.Inbound("trace-reply-1"));
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Engine" or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) activities.Add(activity); },
        };
        ActivitySource.AddActivityListener(listener);

        var reply = await _api.Post($"/conversations/{created["conversationId"]}/replies",
            new System.Text.Json.Nodes.JsonObject { ["threadId"] = 1, ["text"] = "Sorry! Sending a fix." });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Accepted.Count == 1), TimeSpan.FromSeconds(30), "the reply was never delivered");

        // The listener hears every test in this process: pick this test's own request by its conversation's path.
        var path = $"/conversations/{created["conversationId"]}/replies";
        bool IsRequest(Activity a) => a.Source.Name == "Microsoft.AspNetCore" && (a.GetTagItem("url.path") as string ?? a.DisplayName).Contains(path);
        await Eventually.TrueAsync(() =>
        {
            lock (activities)
                return Task.FromResult(activities.Any(r => IsRequest(r) && activities.Any(a => a.OperationName == "engine.deliver" && a.TraceId == r.TraceId)));
        }, TimeSpan.FromSeconds(10), "no delivery span in the reply's trace");
        lock (activities)
        {
            var request = activities.Single(IsRequest);
            var deliver = Assert.Single(activities, a => a.OperationName == "engine.deliver" && a.TraceId == request.TraceId);
            Assert.Contains(activities, a => a.Source.Name == "System.Net.Http" && a.TraceId == request.TraceId && a.ParentSpanId == deliver.SpanId);
        }
    }
}
