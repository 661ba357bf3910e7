namespace Engine.Sla;

/// <summary>
/// When a tenant or queue is open: periods per weekday in one time zone (IANA id, e.g. <c>Europe/Berlin</c>),
/// minus holidays (local dates). A clock that counts business time runs only inside these periods.
/// </summary>
[GenerateSerializer, Alias("engine.BusinessHours")]
public sealed record BusinessHours(
    [property: Id(0)] string TimeZone,
    [property: Id(1)] IReadOnlyList<BusinessPeriod> Periods,
    [property: Id(2)] IReadOnlyList<DateOnly>? Holidays = null);

/// <summary>One open period of a weekday, from <see cref="Start"/> to <see cref="End"/> local time (End may be 24:00).</summary>
[GenerateSerializer, Alias("engine.BusinessPeriod")]
public sealed record BusinessPeriod(
    [property: Id(0)] DayOfWeek Day,
    [property: Id(1)] TimeSpan Start,
    [property: Id(2)] TimeSpan End);
