namespace Engine.Tests.Sla;

using Engine.Conversations;
using Engine.Sla;

public sealed class SlaEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero); // a Monday

    private static readonly SlaPolicy Policy = new("social", new SlaMatch(), new SlaTargets(
        FirstResponse: TimeSpan.FromMinutes(60), NextResponse: TimeSpan.FromMinutes(30), Resolution: TimeSpan.FromHours(4)));

    private static (DateTimeOffset, bool) Customer(double minutes) => (T0.AddMinutes(minutes), false);
    private static (DateTimeOffset, bool) Brand(double minutes) => (T0.AddMinutes(minutes), true);

    private static SlaTargetStatus Status(IEnumerable<SlaTargetStatus> all, SlaTarget target) => all.Single(s => s.Target == target);

    [Fact]
    public void A_waiting_customer_gives_warning_and_breach_instants_at_75_and_100_percent()
    {
        var statuses = new SlaEvaluator(Policy).Evaluate([Customer(0)], T0.AddMinutes(10));
        var first = Status(statuses, SlaTarget.FirstResponse);
        Assert.Equal(SlaState.Running, first.State);
        Assert.Equal(T0.AddMinutes(45), first.WarningAt);
        Assert.Equal(T0.AddMinutes(60), first.BreachAt);
        Assert.Equal(T0.AddMinutes(45), SlaEvaluator.NextDue(statuses, T0.AddMinutes(10)));
    }

    [Fact]
    public void A_missed_first_response_says_by_how_much()
    {
        var statuses = new SlaEvaluator(Policy).Evaluate([Customer(0), Brand(95)], T0.AddMinutes(100));
        var first = Status(statuses, SlaTarget.FirstResponse);
        Assert.Equal(SlaState.Breached, first.State);
        Assert.Equal(TimeSpan.FromMinutes(35), first.MissedBy);
    }

    [Fact]
    public void Time_waiting_on_the_customer_does_not_count_toward_resolution()
    {
        // Brand waits 10 min, then the customer takes 6 hours, then waits 20 min: 30 min of brand wait.
        var statuses = new SlaEvaluator(Policy).Evaluate([Customer(0), Brand(10), Customer(370), Brand(390)], T0.AddHours(8));
        var resolution = Status(statuses, SlaTarget.Resolution);
        Assert.Equal(TimeSpan.FromMinutes(30), resolution.Counted);
        Assert.Equal(SlaState.Paused, resolution.State);
        Assert.Equal(SlaState.Met, Status(statuses, SlaTarget.NextResponse).State);
    }

    [Fact]
    public void A_next_response_target_runs_again_for_each_new_customer_message()
    {
        var statuses = new SlaEvaluator(Policy).Evaluate([Customer(0), Brand(5), Customer(100)], T0.AddMinutes(125));
        var next = Status(statuses, SlaTarget.NextResponse);
        Assert.Equal(SlaState.Warning, next.State);
        Assert.Equal(T0.AddMinutes(130), next.BreachAt);
        Assert.Null(next.WarningAt);
    }

    [Fact]
    public void With_business_hours_the_deadline_skips_the_night()
    {
        var hours = new BusinessHours("UTC", Enum.GetValues<DayOfWeek>()
            .Select(d => new BusinessPeriod(d, TimeSpan.FromHours(9), TimeSpan.FromHours(17))).ToList());
        var policy = Policy with { BusinessHours = hours };
        // The customer writes at 16:30; 30 business minutes pass today, the other 30 tomorrow from 09:00.
        var statuses = new SlaEvaluator(policy).Evaluate([Customer(7.5 * 60)], T0.AddHours(7.75));
        var first = Status(statuses, SlaTarget.FirstResponse);
        Assert.Equal(TimeSpan.FromMinutes(15), first.Counted);
        Assert.Equal(T0.AddDays(1).AddMinutes(30), first.BreachAt);
        Assert.Equal(T0.AddDays(1).AddMinutes(15), first.WarningAt);
    }

    [Fact]
    public void A_resolved_conversation_stops_its_clocks()
    {
        var statuses = new SlaEvaluator(Policy).Evaluate([Customer(0)], T0.AddHours(10), resolvedAt: T0.AddMinutes(20));
        Assert.Equal(TimeSpan.FromMinutes(20), Status(statuses, SlaTarget.Resolution).Counted);
        Assert.Equal(SlaState.Met, Status(statuses, SlaTarget.Resolution).State);
        Assert.Null(SlaEvaluator.NextDue(statuses, T0.AddHours(10)));
    }

    [Fact]
    public void The_most_specific_matching_policy_wins()
    {
        SlaPolicy[] policies =
        [
            Policy with { Name = "any" },
            Policy with { Name = "public x", Match = new SlaMatch(ChannelKind.X, Visibility.Public) },
            Policy with { Name = "urgent", Match = new SlaMatch(Priority: Priority.Urgent) },
        ];
        Assert.Equal("public x", SlaEvaluator.Choose(policies, ChannelKind.X, Visibility.Public, Priority.Urgent)?.Name);
        Assert.Equal("urgent", SlaEvaluator.Choose(policies, ChannelKind.Messenger, Visibility.Private, Priority.Urgent)?.Name);
        Assert.Equal("any", SlaEvaluator.Choose(policies, ChannelKind.Email, Visibility.Private, Priority.Normal)?.Name);
    }

    [Fact]
    public void Equally_specific_policies_go_by_name_whatever_their_order_and_none_matching_gives_none()
    {
        SlaPolicy[] policies =
        [
            Policy with { Name = "x-b", Match = new SlaMatch(ChannelKind.X) },
            Policy with { Name = "x-a", Match = new SlaMatch(ChannelKind.X) },
            Policy with { Name = "X-c", Match = new SlaMatch(ChannelKind.X) },
        ];
        Assert.Equal("X-c", SlaEvaluator.Choose(policies, ChannelKind.X, Visibility.Public, Priority.Normal)?.Name);
        Assert.Equal("X-c", SlaEvaluator.Choose(policies.Reverse(), ChannelKind.X, Visibility.Public, Priority.Normal)?.Name);
        Assert.Equal("x-a", SlaEvaluator.Choose(policies[..2], ChannelKind.X, Visibility.Public, Priority.Normal)?.Name);
        Assert.Null(SlaEvaluator.Choose(policies, ChannelKind.Messenger, Visibility.Public, Priority.Normal));
    }
}
