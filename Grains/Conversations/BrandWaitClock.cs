namespace Engine.Conversations;

/// <summary>
/// Brand-wait time: the clock runs while the customer spoke last and nobody from the brand has answered,
/// and stops while the brand waits on the customer. First response is the first such wait to end;
/// each later one is a next response.
/// </summary>
public static class BrandWaitClock
{
    /// <summary>One answered wait: it began with the first unanswered customer message and ended with a brand message.</summary>
    public readonly record struct Wait(DateTimeOffset Since, DateTimeOffset AnsweredAt, int CustomerMessages);

    /// <param name="turns">Who spoke when, in conversation order.</param>
    /// <param name="elapsed">How much counted time lies between two instants: wall time by default, business
    /// time when a policy counts business hours only.</param>
    public static ClockView Measure(IEnumerable<(DateTimeOffset At, bool ByBrand)> turns, DateTimeOffset now,
        Func<DateTimeOffset, DateTimeOffset, TimeSpan>? elapsed = null)
    {
        elapsed ??= static (from, to) => to - from;
        TimeSpan? first = null;
        var next = new List<TimeSpan>();
        var total = TimeSpan.Zero;
        var answered = 0;
        var customerMessages = 0;
        DateTimeOffset? waitingSince = null;
        foreach (var wait in Waits(turns, (count, since) => (customerMessages, waitingSince) = (count, since)))
        {
            var response = Max(elapsed(wait.Since, wait.AnsweredAt), TimeSpan.Zero);
            if (first is null) first = response;
            else next.Add(response);
            total += response;
            answered += wait.CustomerMessages;
        }

        var current = waitingSince is { } open ? Max(elapsed(open, now), TimeSpan.Zero) : TimeSpan.Zero;
        return new ClockView(first, next, waitingSince, current, total + current, customerMessages, answered);
    }

    /// <summary>The answered waits in order; <paramref name="end"/> hears, once the turns run out, how many customer
    /// messages there were and since when the customer still waits (null when the brand spoke last).</summary>
    public static IEnumerable<Wait> Waits(IEnumerable<(DateTimeOffset At, bool ByBrand)> turns,
        Action<int, DateTimeOffset?>? end = null)
    {
        DateTimeOffset? waitingSince = null;
        int customerMessages = 0, unanswered = 0;
        foreach (var (at, byBrand) in turns)
        {
            if (!byBrand)
            {
                customerMessages++;
                unanswered++;
                waitingSince ??= at;
                continue;
            }
            if (waitingSince is not { } since) continue;
            yield return new Wait(since, at, unanswered);
            unanswered = 0;
            waitingSince = null;
        }
        end?.Invoke(customerMessages, waitingSince);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
