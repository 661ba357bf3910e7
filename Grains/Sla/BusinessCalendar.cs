namespace Engine.Sla;

/// <summary>
/// Counts business time between instants and finds the instant a business duration ends, exactly across period
/// edges, nights, weekends, holidays and daylight-saving changes. Local period edges are turned into instants
/// day by day through the time zone's rules: an edge inside a spring-forward gap moves to the end of the gap, and
/// a period over a fall-back hour counts that hour twice, as a clock on the wall would.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>No business time within this many days means the calendar is (nearly) always closed.</summary>
    private const int SearchLimitDays = 3_700;

    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<DayOfWeek, List<BusinessPeriod>> _periods;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(BusinessHours hours)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZone, out var zone))
            throw new ArgumentException($"Unknown time zone '{hours.TimeZone}'.", "timeZone");
        _zone = zone;
        foreach (var p in hours.Periods)
            if (p.Start < TimeSpan.Zero || p.End > TimeSpan.FromDays(1) || p.Start >= p.End)
                throw new ArgumentException($"A period must satisfy 00:00 <= start < end <= 24:00; {p.Day} {p.Start}-{p.End} does not.", "periods");
        _periods = hours.Periods.GroupBy(p => p.Day).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Start).ToList());
        foreach (var (day, periods) in _periods)
            for (var i = 1; i < periods.Count; i++)
                if (periods[i].Start < periods[i - 1].End)
                    throw new ArgumentException($"Periods of {day} overlap.", "periods");
        _holidays = [.. hours.Holidays ?? []];
    }

    /// <summary>Business time inside [from, to); zero when to is not after from.</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        // One day earlier than from's local date: a period of the previous local day can reach past midnight UTC.
        for (var day = LocalDate(from).AddDays(-1); day <= LocalDate(to); day = day.AddDays(1))
            foreach (var (start, end) in OpenIntervals(day))
            {
                var s = start > from ? start : from;
                var e = end < to ? end : to;
                if (e > s) total += e - s;
            }
        return total;
    }

    /// <summary>The instant at which <paramref name="amount"/> of business time has passed since <paramref name="from"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero) return from;
        var left = amount;
        var first = LocalDate(from).AddDays(-1);
        for (var day = first; day <= first.AddDays(SearchLimitDays); day = day.AddDays(1))
            foreach (var (start, end) in OpenIntervals(day))
            {
                var s = start > from ? start : from;
                if (end <= s) continue;
                if (end - s >= left) return s + left;
                left -= end - s;
            }
        throw new InvalidOperationException($"The calendar has less than {amount} of business time in {SearchLimitDays} days.");
    }

    /// <summary>Whether the instant lies inside a business period.</summary>
    public bool IsOpen(DateTimeOffset at) => Between(at, at.AddTicks(1)) > TimeSpan.Zero;

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> OpenIntervals(DateOnly day)
    {
        if (_holidays.Contains(day) || !_periods.TryGetValue(day.DayOfWeek, out var periods)) yield break;
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        foreach (var period in periods)
        {
            var start = ToInstant(midnight + period.Start, earliest: true);
            var end = ToInstant(midnight + period.End, earliest: false);
            if (end > start) yield return (start, end);
        }
    }

    /// <summary>A local wall time as an instant: a time skipped by a spring-forward gap becomes the gap's end; a time
    /// that occurs twice (fall-back) is its first occurrence for a period start, its second for a period end.</summary>
    private DateTimeOffset ToInstant(DateTime local, bool earliest)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (_zone.IsInvalidTime(local))
        {
            // Walk forward to the first valid minute; gaps are whole minutes in every time zone in use.
            var probe = local;
            while (_zone.IsInvalidTime(probe)) probe = probe.AddMinutes(1);
            local = new DateTime(probe.Year, probe.Month, probe.Day, probe.Hour, probe.Minute, 0, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, _zone.GetUtcOffset(local));
        }
        if (_zone.IsAmbiguousTime(local))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            var offset = earliest ? offsets.Max() : offsets.Min();
            return new DateTimeOffset(local, offset);
        }
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }
}
