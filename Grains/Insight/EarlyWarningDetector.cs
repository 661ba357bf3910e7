namespace Engine.Insight;

using System.Globalization;

/// <summary>
/// Watches engagement samples and risk scores as they arrive and raises an alert when a post spikes or when
/// high-risk posts cluster on one topic. Pure: time comes from the inputs, so a grain can hold one per tenant and
/// replay gives the same alerts. An alert is raised once per post, and once per topic until the topic falls back
/// below the cluster size.
/// Not thread-safe (a grain's turn is).
/// </summary>
public sealed class EarlyWarningDetector(EarlyWarningOptions options)
{
    private readonly Dictionary<string, List<EngagementSample>> _samples = new(StringComparer.Ordinal);
    private readonly HashSet<string> _spiked = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<(DateTimeOffset At, string PostId)>> _topics = new(StringComparer.Ordinal);
    private readonly HashSet<string> _clustered = new(StringComparer.Ordinal);

    /// <summary>Posts whose samples are being kept (old ones are dropped as time passes).</summary>
    public int TrackedPosts => _samples.Count;

    /// <summary>Records a post's counters; alerts when its weighted engagement per minute over the window passes the threshold.</summary>
    public EarlyWarningAlert? ObserveEngagement(string postId, EngagementSample sample)
    {
        var window = options.SpikeWindowOrDefault;
        Forget(sample.At - 4 * window);
        if (!_samples.TryGetValue(postId, out var samples))
            _samples[postId] = samples = [];
        samples.Add(sample);
        samples.Sort((x, y) => x.At.CompareTo(y.At));
        // Compare with the oldest sample still inside the window (or the one just before it, for a full window).
        var latest = samples[^1];
        var from = samples.FindLastIndex(s => s.At <= latest.At - window);
        // Samples before that one can never be the start of a window again.
        if (from > 0)
        {
            samples.RemoveRange(0, from);
            from = 0;
        }
        var earliest = samples[Math.Max(0, from)];
        var velocity = EngagementVelocity.Between(earliest, latest);
        if (velocity.Weighted < options.SpikePerMinute || !_spiked.Add(postId))
            return null;
        var rate = velocity.Weighted.ToString("0.#", CultureInfo.InvariantCulture);
        return new EarlyWarningAlert(EarlyWarningKind.EngagementSpike, postId, latest.At,
            $"engagement {rate}/min over {(latest.At - earliest.At).TotalMinutes:0} min (threshold {options.SpikePerMinute}/min)", [postId]);
    }

    /// <summary>The post's engagement per minute over the window up to its latest sample; none when it has no samples.</summary>
    public EngagementVelocity Velocity(string postId) =>
        _samples.TryGetValue(postId, out var samples) ? EngagementVelocity.Between(samples[0], samples[^1]) : EngagementVelocity.None;

    /// <summary>Records a scored post under its topics; alerts for each topic that now holds enough high-risk posts in the window.</summary>
    public IReadOnlyList<EarlyWarningAlert> ObserveRisk(string postId, DateTimeOffset at, double riskScore, IEnumerable<string> topics)
    {
        var alerts = new List<EarlyWarningAlert>();
        var window = options.ClusterWindowOrDefault;
        foreach (var (topic, posts) in _topics)
        {
            while (posts.Count > 0 && posts.Peek().At <= at - window)
                posts.Dequeue();
            if (posts.Count < options.ClusterSize)
                _clustered.Remove(topic);
        }
        if (riskScore < options.HighRiskAt)
            return alerts;
        foreach (var topic in topics.Select(t => t.ToLowerInvariant()).Distinct())
        {
            if (!_topics.TryGetValue(topic, out var posts))
                _topics[topic] = posts = new();
            if (posts.Any(p => p.PostId == postId))
                continue;
            posts.Enqueue((at, postId));
            if (posts.Count >= options.ClusterSize && _clustered.Add(topic))
                alerts.Add(new EarlyWarningAlert(EarlyWarningKind.TopicCluster, topic, at,
                    $"{posts.Count} high-risk posts on '{topic}' within {window.TotalMinutes:0} min", [.. posts.Select(p => p.PostId)]));
        }
        foreach (var empty in _topics.Where(t => t.Value.Count == 0).Select(t => t.Key).ToList())
            _topics.Remove(empty);
        return alerts;
    }

    private void Forget(DateTimeOffset before)
    {
        foreach (var (postId, samples) in _samples)
            if (samples[^1].At < before)
            {
                _samples.Remove(postId);
                _spiked.Remove(postId);
            }
    }
}
