namespace Engine.Tests.Insight;

using Engine.Insight;

public sealed class EarlyWarningDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_post_whose_engagement_grows_past_the_threshold_raises_one_alert()
    {
        var detector = new EarlyWarningDetector(new EarlyWarningOptions(SpikePerMinute: 50, SpikeWindow: TimeSpan.FromMinutes(10)));
        Assert.Null(detector.ObserveEngagement("p1", new(T0, 0, 0, 0)));
        Assert.Null(detector.ObserveEngagement("p1", new(T0.AddMinutes(5), 100, 10, 5)));   // 140 weighted / 5 min = 28/min
        var alert = detector.ObserveEngagement("p1", new(T0.AddMinutes(10), 400, 60, 20));  // 620 / 10 min = 62/min
        Assert.NotNull(alert);
        Assert.Equal((EarlyWarningKind.EngagementSpike, "p1", T0.AddMinutes(10)), (alert.Kind, alert.Subject, alert.At));
        Assert.Contains("62/min", alert.Reason);
        Assert.Null(detector.ObserveEngagement("p1", new(T0.AddMinutes(12), 900, 100, 40)));  // already raised
    }

    [Fact]
    public void Old_engagement_outside_the_window_does_not_count()
    {
        var detector = new EarlyWarningDetector(new EarlyWarningOptions(SpikePerMinute: 50, SpikeWindow: TimeSpan.FromMinutes(10)));
        // 6,000 likes over ten hours is 10/min: a popular post, not a spike.
        for (var minute = 0; minute <= 600; minute += 5)
            Assert.Null(detector.ObserveEngagement("p2", new(T0.AddMinutes(minute), minute * 10, 0, 0)));
        // ... and then it takes off: 1,000 likes in the last ten minutes.
        Assert.NotNull(detector.ObserveEngagement("p2", new(T0.AddMinutes(610), 6_000 + 1_000, 0, 0)));
        // Samples may arrive out of order; the rate is still over the window.
        Assert.Null(detector.ObserveEngagement("p3", new(T0.AddMinutes(10), 600, 0, 0)));
        Assert.NotNull(detector.ObserveEngagement("p3", new(T0, 0, 0, 0)));
    }

    [Fact]
    public void Several_high_risk_posts_on_one_topic_within_the_window_raise_a_cluster_alert()
    {
        var detector = new EarlyWarningDetector(new EarlyWarningOptions(ClusterSize: 3, ClusterWindow: TimeSpan.FromMinutes(30), HighRiskAt: 40));
        Assert.Empty(detector.ObserveRisk("a", T0, 55, ["lawyer"]));
        Assert.Empty(detector.ObserveRisk("b", T0.AddMinutes(5), 20, ["lawyer"]));          // not high-risk
        Assert.Empty(detector.ObserveRisk("c", T0.AddMinutes(10), 60, ["Lawyer", "refund*"]));
        var alert = Assert.Single(detector.ObserveRisk("d", T0.AddMinutes(20), 45, ["lawyer"]));
        Assert.Equal((EarlyWarningKind.TopicCluster, "lawyer"), (alert.Kind, alert.Subject));
        Assert.Equal(["a", "c", "d"], alert.PostIds);
        Assert.Empty(detector.ObserveRisk("e", T0.AddMinutes(25), 70, ["lawyer"]));          // already raised
        // After the window has emptied below the size, a new cluster alerts again.
        Assert.Empty(detector.ObserveRisk("f", T0.AddHours(2), 70, ["lawyer"]));
        Assert.Empty(detector.ObserveRisk("g", T0.AddHours(2).AddMinutes(1), 70, ["lawyer"]));
        Assert.Single(detector.ObserveRisk("h", T0.AddHours(2).AddMinutes(2), 70, ["lawyer"]));
    }

    [Fact]
    public void Posts_spread_wider_than_the_window_never_cluster()
    {
        var detector = new EarlyWarningDetector(new EarlyWarningOptions(ClusterSize: 3, ClusterWindow: TimeSpan.FromMinutes(30)));
        for (var i = 0; i < 20; i++)
            Assert.Empty(detector.ObserveRisk($"p{i}", T0.AddMinutes(16 * i), 90, ["outage"]));
    }
}
