namespace Engine.Bench;

using System.Diagnostics;

/// <summary>Samples of one measured thing, in microseconds, with the order statistics reports need.</summary>
public sealed class Latencies(string name)
{
    private readonly List<double> _micros = [];

    public string Name => name;
    public int Count => _micros.Count;

    public void Add(long startTimestamp) => _micros.Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds);

    public void AddMicros(double micros) => _micros.Add(micros);

    public void CopyTo(Latencies other) => other._micros.AddRange(_micros);

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p)
    {
        if (_micros.Count == 0) return double.NaN;
        var sorted = _micros.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Median => Percentile(50);
    public double P99 => Percentile(99);
    public double Mean => _micros.Count == 0 ? double.NaN : _micros.Average();

    public object ToJson() => new { name, count = Count, median_us = Median, p99_us = P99, mean_us = Mean };
}
