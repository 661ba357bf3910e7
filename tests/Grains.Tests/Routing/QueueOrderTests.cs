namespace Engine.Tests.Routing;

using Engine.Conversations;
using Engine.Routing;
using static RoutingTestData;

public sealed class QueueOrderTests
{
    [Fact]
    public void Priority_comes_first_then_the_earlier_sla_deadline_then_age()
    {
        var oldNormal = Ticket(enteredMinute: 0);
        var newUrgent = Ticket(priority: Priority.Urgent, enteredMinute: 9);
        var normalDueSoon = Ticket(sla: T0.AddMinutes(15), enteredMinute: 5);
        var normalDueLater = Ticket(sla: T0.AddMinutes(30), enteredMinute: 1);
        var youngNormal = Ticket(enteredMinute: 3);

        var ordered = new[] { youngNormal, normalDueLater, oldNormal, normalDueSoon, newUrgent }.Order(QueueOrder.Instance).ToList();

        Assert.Equal([newUrgent, normalDueSoon, normalDueLater, oldNormal, youngNormal], ordered);
    }

    [Fact]
    public void Equal_tickets_are_ordered_by_id_so_the_order_is_total()
    {
        var a = Ticket(Guid.Parse("00000000-0000-0000-0000-000000000001"));
        var b = Ticket(Guid.Parse("00000000-0000-0000-0000-000000000002"));

        Assert.True(QueueOrder.Instance.Compare(a, b) < 0);
        Assert.True(QueueOrder.Instance.Compare(b, a) > 0);
    }
}

public sealed class SkillMatcherTests
{
    private static readonly Dictionary<string, int> Agent = new() { ["lang:en"] = 3, ["tier"] = 2, ["channel:x"] = 1, ["topic:billing"] = 1 };

    [Theory]
    [InlineData("lang:en", 3, true)]
    [InlineData("lang:en", 4, false)]
    [InlineData("lang:de", 1, false)]
    [InlineData("tier", 2, true)]
    [InlineData("tier", 3, false)]
    [InlineData("channel:x", 1, true)]
    [InlineData("channel:messenger", 1, false)]
    [InlineData("topic:billing", 1, true)]
    public void Each_required_skill_needs_at_least_its_level(string skill, int level, bool expected) =>
        Assert.Equal(expected, SkillMatcher.Satisfies(Agent, new Dictionary<string, int> { [skill] = level }));

    [Fact]
    public void All_requirements_must_hold_and_none_is_always_met()
    {
        Assert.True(SkillMatcher.Satisfies(Agent, new Dictionary<string, int>()));
        Assert.False(SkillMatcher.Satisfies(Agent, new Dictionary<string, int> { ["lang:en"] = 1, ["topic:refunds"] = 1 }));
    }

    [Fact]
    public void Combining_requirements_keeps_the_stricter_level()
    {
        var combined = SkillMatcher.Combine(new Dictionary<string, int> { ["tier"] = 1, ["lang:en"] = 2 }, new Dictionary<string, int> { ["tier"] = 3 });
        Assert.Equal(3, combined["tier"]);
        Assert.Equal(2, combined["lang:en"]);
    }
}

public sealed class WaitEstimatorTests
{
    [Fact]
    public void The_estimate_is_unknown_until_two_assignments_then_position_times_the_pace()
    {
        var estimator = new WaitEstimator();
        Assert.Null(estimator.Estimate(3));
        estimator.Assigned(T0);
        Assert.Null(estimator.Estimate(3));
        estimator.Assigned(T0.AddSeconds(20));
        estimator.Assigned(T0.AddSeconds(40));

        Assert.Equal(TimeSpan.FromSeconds(20), estimator.Pace);
        Assert.Equal(TimeSpan.FromSeconds(60), estimator.Estimate(3));
    }

    [Fact]
    public void Only_the_recent_window_sets_the_pace()
    {
        var estimator = new WaitEstimator(window: 3);
        estimator.Assigned(T0);
        estimator.Assigned(T0.AddMinutes(10));
        estimator.Assigned(T0.AddMinutes(10).AddSeconds(5));
        estimator.Assigned(T0.AddMinutes(10).AddSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(5), estimator.Pace);
    }
}
