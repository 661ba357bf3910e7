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
    private List<double> _writes = [];
    private long _assignments;
    private long _handOvers;

    public LatencyRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RoutingMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            lock (_gate)
            {
                (instrument.Name switch
                {
                    "engine.routing.refill" => _refill,
                    "engine.routing.partition_write" => _writes,
                    _ => _delivered,
                }).Add(value);
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "engine.routing.hand_overs") Interlocked.Add(ref _handOvers, value);
            else Interlocked.Add(ref _assignments, value);
        });
        _listener.Start();
    }

    public long Assignments => Interlocked.Read(ref _assignments);

    /// <summary>What was measured since the last call, and a fresh start for the next phase.</summary>
    public long HandOvers => Interlocked.Read(ref _handOvers);

    /// <summary>Queue partition writes since the last call.</summary>
    public List<double> TakeWrites()
    {
        lock (_gate)
        {
            var taken = _writes;
            _writes = [];
            return taken;
        }
    }

    public (List<double> Delivered, List<double> Refill, long Assignments, long HandOvers) Take()
    {
        lock (_gate)
        {
            var taken = (_delivered, _refill, Interlocked.Exchange(ref _assignments, 0), Interlocked.Exchange(ref _handOvers, 0));
            (_delivered, _refill) = ([], []);
            return taken;
        }
    }

    public static string Describe(List<double> values, int decimals = 1)
    {
        if (values.Count == 0) return "n=0";
        values.Sort();
        string P(double q) => values[Math.Min(values.Count - 1, (int)(q * values.Count))].ToString($"F{decimals}");
        return $"n={values.Count} p50={P(0.50)} ms p90={P(0.90)} ms p99={P(0.99)} ms max={values[^1].ToString($"F{decimals}")} ms";
    }

    public void Dispose() => _listener.Dispose();
}
