namespace Engine.Tests.Telemetry;

using Engine.Telemetry;
using Microsoft.Extensions.Configuration;

public sealed class TraceSettingsTests
{
    private static TraceSettings Read(params (string Key, string Value)[] settings) =>
        TraceSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Traces_are_recorded_only_when_an_exporter_or_the_setting_asks_for_them()
    {
        Assert.Equal(new TraceSettings(false, 1), Read());
        Assert.Equal(new TraceSettings(true, 1), Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")));
        Assert.Equal(new TraceSettings(true, 1), Read(("Telemetry:Tracing", "true")));
        Assert.Equal(new TraceSettings(false, 1), Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"), ("Telemetry:Tracing", "false")));
        Assert.Equal(new TraceSettings(true, 0.05), Read(("Telemetry:Tracing", "true"), ("Telemetry:TraceSampleRatio", "0.05")));
    }

    [Theory]
    [InlineData("Telemetry:Tracing", "yes", "Telemetry:Tracing must be true or false, not 'yes'.")]
    [InlineData("Telemetry:TraceSampleRatio", "1.5", "Telemetry:TraceSampleRatio must be a number from 0 to 1, not '1.5'.")]
    [InlineData("Telemetry:TraceSampleRatio", "-0.1", "Telemetry:TraceSampleRatio must be a number from 0 to 1, not '-0.1'.")]
    [InlineData("Telemetry:TraceSampleRatio", "half", "Telemetry:TraceSampleRatio must be a number from 0 to 1, not 'half'.")]
    public void A_setting_that_does_not_parse_stops_the_host_with_what_is_wrong(string key, string value, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(() => Read((key, value))).Message);
}
