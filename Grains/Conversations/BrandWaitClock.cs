namespace Engine.Conversations;

/// <summary>
/// Brand-wait time: the clock runs while the customer spoke last and nobody from the brand has answered,
/// and stops while the brand waits on the customer. First response is the first such wait to end;
/// each later one is a next response.
/// </summary>
public static class BrandWaitClock
{
    /// <param name="turns">Who spoke when, in conversation order.</param>
    /// <param name="elapsed">How much counted time lies between two instants: wall time by default, business
    /// time when a policy counts business hours only.</param>
    public static ClockView Measure(IEnumerable<(DateTimeOffset At, bool ByBrand)> turns, DateTimeOffset now,
        Func<DateTimeOffset, DateTimeOffset, TimeSpan>? elapsed = null)
    {
        elapsed ??= static (from, to) => to - from;
        TimeSpan? first = null;
        var next = new List<TimeSpan>();
        DateTimeOffset? waitingSince = null;
        var total = TimeSpan.Zero;
        int customerMessages = 0, answered = 0, unanswered = 0;

        foreach (var (at, byBrand) in turns)
        {
            if (!byBrand)
            {
                customerMessages++;
                unanswered++;
                waitingSince ??= at;
                continue;
            }
            if (waitingSince is not { } since)
                continue;
            var response = Max(elapsed(since, at), TimeSpan.Zero);
            if (first is null) first = response;
            else next.Add(response);
            total += response;
            answered += unanswered;
            unanswered = 0;
            waitingSince = null;
        }

        var current = waitingSince is { } open ? Max(elapsed(open, now), TimeSpan.Zero) : TimeSpan.Zero;
        return new ClockView(first, next, waitingSince, current, total + current, customerMessages, answered);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
