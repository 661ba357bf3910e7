namespace Engine.Bench.Routing;

using System.Diagnostics.Metrics;
using Engine.Routing;

/// <summary>Collects the engine's routing measurements in this process, per benchmark phase.</summary>
public sealed class LatencyRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly object _gate = new();
    private List<double> _delivered = [];
    private List<double> _refill = [];
    private long _assignments;

    public LatencyRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RoutingMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_gate)
                (instrument.Name == "engine.routing.refill" ? _refill : _delivered).Add(value);
        });
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _assignments, value));
        _listener.Start();
    }

    public long Assignments => Interlocked.Read(ref _assignments);

    /// <summary>What was measured since the last call, and a fresh start for the next phase.</summary>
    public (List<double> Delivered, List<double> Refill, long Assignments) Take()
    {
        lock (_gate)
        {
            var taken = (_delivered, _refill, Interlocked.Exchange(ref _assignments, 0));
            (_delivered, _refill) = ([], []);
            return taken;
        }
    }

    public static string Describe(List<double> values)
    {
        if (values.Count == 0) return "n=0";
        values.Sort();
        double P(double q) => values[Math.Min(values.Count - 1, (int)(q * values.Count))];
        return $"n={values.Count} p50={P(0.50):F1} ms p90={P(0.90):F1} ms p99={P(0.99):F1} ms max={values[^1]:F1} ms";
    }

    public void Dispose() => _listener.Dispose();
}
