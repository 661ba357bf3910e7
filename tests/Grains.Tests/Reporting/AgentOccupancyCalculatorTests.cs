namespace Engine.Tests.Reporting;

using Engine.Agents;
using Engine.Reporting;

/// <summary>Signed-in, available and handle time from an agent's activity log, clipped to the range and to now.</summary>
public sealed class AgentOccupancyCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid C1 = Guid.NewGuid(), C2 = Guid.NewGuid();

    private static AgentActivity Presence(int minute, Engine.Agents.Presence presence) => new(T0.AddMinutes(minute), AgentActivityKind.Presence, presence);
    private static AgentActivity Assigned(int minute, Guid id) => new(T0.AddMinutes(minute), AgentActivityKind.Assigned, ConversationId: id);
    private static AgentActivity Released(int minute, Guid id) => new(T0.AddMinutes(minute), AgentActivityKind.Released, ConversationId: id);

    // Overlapping assignments (c1 5-40, c2 30-50), presence flips, an assignment held while offline.
    private static readonly AgentActivity[] Log =
    [
        Presence(0, Engine.Agents.Presence.Available), Assigned(5, C1), Presence(20, Engine.Agents.Presence.Away), Assigned(30, C2),
        Released(40, C1), Released(50, C2), Presence(60, Engine.Agents.Presence.Available), Assigned(70, C1),
        Presence(80, Engine.Agents.Presence.Offline), Released(90, C1), Presence(95, Engine.Agents.Presence.Available),
    ];

    [Fact]
    public void Times_are_clipped_to_the_range_and_overlapping_assignments_count_once()
    {
        var row = AgentOccupancyCalculator.Occupancy("ann", Log.Reverse(), T0.AddMinutes(10), T0.AddMinutes(100), T0.AddMinutes(1000), replies: 4);

        Assert.Equal(TimeSpan.FromMinutes(75), row.SignedIn);  // 10-80 and 95-100
        Assert.Equal(TimeSpan.FromMinutes(35), row.Available); // 10-20, 60-80, 95-100
        Assert.Equal(TimeSpan.FromMinutes(60), row.Handle);    // 10-50 and 70-90
        Assert.Equal(0.8, row.Occupancy);
        Assert.Equal(2, row.Assignments);                     // minutes 30 and 70; 5 is before the range
        Assert.Equal(4, row.Replies);
    }

    [Fact]
    public void The_last_state_lasts_until_now_when_the_range_ends_later()
    {
        var row = AgentOccupancyCalculator.Occupancy("ann", Log, T0, T0.AddMinutes(200), T0.AddMinutes(100), replies: 0);

        Assert.Equal(TimeSpan.FromMinutes(85), row.SignedIn);
        Assert.Equal(TimeSpan.FromMinutes(45), row.Available);
        Assert.Equal(TimeSpan.FromMinutes(65), row.Handle);
        Assert.Equal(3, row.Assignments);
    }

    [Fact]
    public void An_agent_never_signed_in_has_no_occupancy_and_a_repeated_assignment_counts_once()
    {
        var row = AgentOccupancyCalculator.Occupancy("bob", [Assigned(1, C1), Assigned(2, C1)], T0, T0.AddMinutes(10), T0.AddMinutes(10), 0);

        Assert.Equal(TimeSpan.Zero, row.SignedIn);
        Assert.Equal(TimeSpan.FromMinutes(9), row.Handle);
        Assert.Null(row.Occupancy);
        Assert.Equal(1, row.Assignments);
    }

    [Fact]
    public void The_log_keeps_31_days_and_at_most_10000_entries()
    {
        var log = new List<AgentActivity>();
        AgentActivityLog.Append(log, Presence(0, Engine.Agents.Presence.Available));
        AgentActivityLog.Append(log, new(T0.AddDays(31).AddMinutes(1), AgentActivityKind.Presence, Engine.Agents.Presence.Away));
        Assert.Equal(Engine.Agents.Presence.Away, Assert.Single(log).Presence);

        for (var i = 0; i < AgentActivityLog.MaxEntries + 5; i++) AgentActivityLog.Append(log, Assigned(i, C1));
        Assert.Equal(AgentActivityLog.MaxEntries, log.Count);
        Assert.Equal(T0.AddMinutes(5), log[0].At);
    }
}
