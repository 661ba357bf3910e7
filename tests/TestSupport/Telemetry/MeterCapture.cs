namespace Engine.Tests.Telemetry;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

/// <summary>One measurement of an engine instrument, with its tags.</summary>
public sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    public string? Tag(string key) => Tags.GetValueOrDefault(key);
}

/// <summary>
/// Listens to the instruments of one meter whose names start with a prefix and keeps the measurements of one tenant
/// (tag <c>engine.tenant</c>), so tests sharing a process do not see each other's traffic.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentQueue<Measured> _measured = new();

    public MeterCapture(string tenant, string prefix, string meter = "Engine")
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == meter && instrument.Name.StartsWith(prefix, StringComparison.Ordinal))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags) copy[tag.Key] = tag.Value?.ToString();
            if (copy.GetValueOrDefault("engine.tenant") == tenant) _measured.Enqueue(new Measured(instrument.Name, value, copy));
        }
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Keep(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Keep(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Keep(i, v, t));
        _listener.Start();
    }

    public IReadOnlyList<Measured> Of(string instrument) => _measured.Where(m => m.Instrument == instrument).ToList();

    /// <summary>The sum of a counter's measurements whose tag <paramref name="key"/> is <paramref name="value"/> (all when null).</summary>
    public double Sum(string instrument, string? key = null, string? value = null) =>
        Of(instrument).Where(m => key is null || m.Tag(key) == value).Sum(m => m.Value);

    /// <summary>Reads every observable instrument now (gauges report only when read).</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public void Clear() => _measured.Clear();

    /// <summary>A gauge's current value for this tenant (summed over the series that match the tag), read afresh.</summary>
    public double Read(string instrument, string? key = null, string? value = null)
    {
        Clear();
        Observe();
        return Sum(instrument, key, value);
    }

    public void Dispose() => _listener.Dispose();
}
