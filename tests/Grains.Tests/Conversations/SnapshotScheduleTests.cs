namespace Engine.Tests.Conversations;

using Engine.Conversations;

/// <summary>Conversations that grow in step do not all snapshot at the same count.</summary>
public sealed class SnapshotScheduleTests
{
    [Fact]
    public void Conversations_growing_in_step_spread_their_snapshots_over_half_an_interval()
    {
        var intervals = Enumerable.Range(0, 1_000).Select(_ => SnapshotSchedule.Interval(Guid.NewGuid(), 100)).ToList();

        Assert.All(intervals, i => Assert.InRange(i, 100, 150));
        // 1,000 conversations at the same version: at no count do more than a tenth of them fall due together.
        Assert.True(intervals.GroupBy(i => i).Max(g => g.Count()) < 100, "one count took too many");
        Assert.True(intervals.Distinct().Count() > 40, $"{intervals.Distinct().Count()} distinct intervals");
    }

    [Fact]
    public void A_conversation_keeps_its_interval_and_falls_due_when_it_has_passed()
    {
        var id = Guid.NewGuid();
        var interval = SnapshotSchedule.Interval(id, 100);

        Assert.Equal(interval, SnapshotSchedule.Interval(id, 100));
        Assert.False(SnapshotSchedule.IsDue(id, 200 + interval - 1, 200, 100));
        Assert.True(SnapshotSchedule.IsDue(id, 200 + interval, 200, 100));
    }

    [Fact]
    public void Snapshots_off_are_never_due()
    {
        Assert.False(SnapshotSchedule.IsDue(Guid.NewGuid(), 1_000_000, 0, 0));
        Assert.Equal(0, SnapshotSchedule.Interval(Guid.NewGuid(), 0));
    }
}
