namespace Engine.Routing;

/// <summary>
/// Estimated wait from the queue's recent pace: the time between the last assignments, times the position.
/// Unknown (null) until the queue has assigned at least two conversations.
/// </summary>
public sealed class WaitEstimator(int window = 32)
{
    private readonly Queue<DateTimeOffset> _recent = new();

    public void Assigned(DateTimeOffset at)
    {
        _recent.Enqueue(at);
        while (_recent.Count > window) _recent.Dequeue();
    }

    /// <summary>Average time between assignments over the window, or null without enough history.</summary>
    public TimeSpan? Pace
    {
        get
        {
            if (_recent.Count < 2) return null;
            var span = _recent.Last() - _recent.Peek();
            return span / (_recent.Count - 1);
        }
    }

    public TimeSpan? Estimate(int position) => Pace is { } pace ? pace * Math.Max(0, position) : null;
}
