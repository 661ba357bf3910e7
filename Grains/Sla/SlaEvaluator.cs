namespace Engine.Sla;

using Engine.Conversations;

/// <summary>
/// Where a conversation stands against its policy, from who spoke when. Pure: the grain asks it for the next
/// instant anything happens (a warning or a breach) and schedules a durable wake-up for then.
/// </summary>
public sealed class SlaEvaluator(SlaPolicy policy)
{
    private readonly BusinessCalendar? _calendar = policy.BusinessHours is { } hours ? new BusinessCalendar(hours) : null;

    public SlaPolicy Policy => policy;

    /// <summary>The most specific policy whose match covers the conversation (ties: the first name in ordinal order), or
    /// null.</summary>
    public static SlaPolicy? Choose(IEnumerable<SlaPolicy> policies, ChannelKind channel, Visibility visibility, Priority priority) =>
        policies
            .Where(p => (p.Match.Channel is null || p.Match.Channel == channel)
                && (p.Match.Visibility is null || p.Match.Visibility == visibility)
                && (p.Match.Priority is null || p.Match.Priority == priority))
            .OrderByDescending(p => (p.Match.Channel is null ? 0 : 4) + (p.Match.Visibility is null ? 0 : 2) + (p.Match.Priority is null ? 0 : 1))
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <param name="turns">Who spoke when, in conversation order.</param>
    /// <param name="resolvedAt">When the conversation was resolved, if it is; its clocks then stand still.</param>
    public IReadOnlyList<SlaTargetStatus> Evaluate(IReadOnlyList<(DateTimeOffset At, bool ByBrand)> turns, DateTimeOffset now,
        DateTimeOffset? resolvedAt = null)
    {
        var until = resolvedAt is { } r && r < now ? r : now;
        var clock = BrandWaitClock.Measure(turns, until, Elapsed);
        var running = clock.WaitingSince is not null && resolvedAt is null;
        var results = new List<SlaTargetStatus>();

        if (policy.Targets.FirstResponse is { } first && clock.CustomerMessages > 0)
            results.Add(clock.FirstResponse is { } done
                ? Finished(SlaTarget.FirstResponse, first, done)
                : Open(SlaTarget.FirstResponse, first, clock.CurrentWait, running, clock.WaitingSince, until));

        if (policy.Targets.NextResponse is { } next && clock.FirstResponse is not null)
        {
            // The wait in progress is what runs (so a second miss still gets its own deadline); between waits the
            // worst answered one stands. Earlier misses stay on record as the conversation's SlaBreached events.
            var worst = clock.NextResponses.DefaultIfEmpty(TimeSpan.Zero).Max();
            if (running)
                results.Add(Open(SlaTarget.NextResponse, next, clock.CurrentWait, running, clock.WaitingSince, until));
            else if (clock.NextResponses.Count > 0)
                results.Add(Finished(SlaTarget.NextResponse, next, worst));
        }

        if (policy.Targets.Resolution is { } resolution && clock.CustomerMessages > 0)
        {
            var counted = clock.TotalBrandWait;
            results.Add(resolvedAt is not null
                ? Finished(SlaTarget.Resolution, resolution, counted)
                : Open(SlaTarget.Resolution, resolution, counted, running, clock.WaitingSince, until));
        }
        return results;
    }

    /// <summary>The next instant after <paramref name="now"/> at which some target warns or breaches, if any.</summary>
    public static DateTimeOffset? NextDue(IEnumerable<SlaTargetStatus> statuses, DateTimeOffset now) =>
        statuses.SelectMany(s => new[] { s.WarningAt, s.BreachAt })
            .Where(at => at > now).Min();

    private TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to) => _calendar?.Between(from, to) ?? (to > from ? to - from : TimeSpan.Zero);

    private DateTimeOffset After(DateTimeOffset from, TimeSpan amount) => _calendar?.Add(from, amount) ?? from + amount;

    private static SlaTargetStatus Finished(SlaTarget target, TimeSpan goal, TimeSpan counted) =>
        new(target, goal, counted, counted > goal ? SlaState.Breached : SlaState.Met, null, null, counted > goal ? counted - goal : null);

    private SlaTargetStatus Open(SlaTarget target, TimeSpan goal, TimeSpan counted, bool running, DateTimeOffset? waitingSince, DateTimeOffset now)
    {
        if (counted > goal || (counted == goal && running))
            return new(target, goal, counted, SlaState.Breached, null, null, counted - goal);
        var warnAfter = goal * policy.WarnAt;
        if (!running || waitingSince is null)
            return new(target, goal, counted, SlaState.Paused, null, null, null);
        // Instants are found from now forward, so business hours and DST between now and the deadline count right.
        var breachAt = After(now, goal - counted);
        var warningAt = counted >= warnAfter ? (DateTimeOffset?)null : After(now, warnAfter - counted);
        return new(target, goal, counted, counted >= warnAfter ? SlaState.Warning : SlaState.Running, warningAt, breachAt, null);
    }
}
