namespace Engine.Tests.Routing;

using Engine.Agents;
using Engine.Routing;
using static RoutingTestData;

/// <summary>Choosing from agents kept in preference order gives what choosing over all of them gives.</summary>
public sealed class PreferenceOrderTests
{
    private static readonly AgentAvailability[] Agents =
    [
        Agent("d", social: 4, chat: 0, load: 1, idleMinute: 3),
        Agent("a", social: 1, chat: 0, load: 4, idleMinute: 1),
        Agent("c", social: 4, chat: 0, load: 1, idleMinute: 2),
        Agent("b", social: 3, chat: 0, load: 2, idleMinute: 0),
    ];

    [Theory]
    [InlineData(RoutingStrategy.LeastLoaded)]
    [InlineData(RoutingStrategy.LongestIdle)]
    [InlineData(RoutingStrategy.RoundRobin)]
    public void The_sorted_choice_matches_the_full_scan_turn_after_turn(RoutingStrategy strategy)
    {
        var scan = new AgentChooser();
        var sorted = new AgentChooser();
        var preferred = new SortedSet<AgentAvailability>(Agents, AgentChooser.Preference(strategy));
        for (var turn = 0; turn < 6; turn++)
        {
            var eligible = Agents.Where(a => a.AgentId != "c" || turn % 2 == 0).ToList();
            Assert.Equal(scan.Choose(strategy, eligible)!.AgentId, sorted.ChooseFrom(strategy, preferred, eligible.Contains)!.AgentId);
        }
    }

    [Fact]
    public void Nobody_eligible_means_no_choice()
    {
        var preferred = new SortedSet<AgentAvailability>(Agents, AgentChooser.Preference(RoutingStrategy.RoundRobin));
        Assert.Null(new AgentChooser().ChooseFrom(RoutingStrategy.RoundRobin, preferred, _ => false));
    }
}
