namespace Engine.Tests.Routing;

using Engine.Routing;
using static RoutingTestData;

public sealed class AgentChooserTests
{
    [Fact]
    public void Least_loaded_picks_the_lowest_share_of_capacity_in_use_and_breaks_ties_by_longest_idle()
    {
        var busy = Agent("a", social: 1, chat: 0, load: 4);        // 4 of 5 in use
        var light = Agent("b", social: 4, chat: 0, load: 1, idleMinute: 5);   // 1 of 5
        var lightIdleLonger = Agent("c", social: 4, chat: 0, load: 1, idleMinute: 1);

        Assert.Equal("c", new AgentChooser().Choose(RoutingStrategy.LeastLoaded, [busy, light, lightIdleLonger])!.AgentId);
    }

    [Fact]
    public void Longest_idle_picks_who_has_waited_longest_for_work()
    {
        var agents = new[] { Agent("a", idleMinute: 7), Agent("b", idleMinute: 2, load: 3), Agent("c", idleMinute: 4) };
        Assert.Equal("b", new AgentChooser().Choose(RoutingStrategy.LongestIdle, agents)!.AgentId);
    }

    [Fact]
    public void Round_robin_goes_through_the_agents_in_turn_and_wraps()
    {
        var chooser = new AgentChooser();
        var agents = new[] { Agent("c"), Agent("a"), Agent("b") };
        var picks = Enumerable.Range(0, 5).Select(_ => chooser.Choose(RoutingStrategy.RoundRobin, agents)!.AgentId).ToList();
        Assert.Equal(["a", "b", "c", "a", "b"], picks);
    }

    [Fact]
    public void Round_robin_skips_agents_who_are_not_eligible_this_time()
    {
        var chooser = new AgentChooser();
        Assert.Equal("a", chooser.Choose(RoutingStrategy.RoundRobin, [Agent("a"), Agent("b"), Agent("c")])!.AgentId);
        Assert.Equal("c", chooser.Choose(RoutingStrategy.RoundRobin, [Agent("a"), Agent("c")])!.AgentId);
        Assert.Equal("a", chooser.Choose(RoutingStrategy.RoundRobin, [Agent("a"), Agent("b")])!.AgentId);
    }

    [Fact]
    public void Nobody_eligible_means_no_choice()
    {
        foreach (var strategy in Enum.GetValues<RoutingStrategy>())
            Assert.Null(new AgentChooser().Choose(strategy, []));
    }
}
