namespace Engine.Tests.Sla;

using CsCheck;
using Engine.Sla;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessPeriod[] Weekdays9To17 =
        [.. Enum.GetValues<DayOfWeek>().Where(d => d is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => new BusinessPeriod(d, TimeSpan.FromHours(9), TimeSpan.FromHours(17)))];

    private static BusinessCalendar Calendar(string zone, IEnumerable<BusinessPeriod> periods, params DateOnly[] holidays) =>
        new(new BusinessHours(zone, periods.ToList(), holidays));

    private static BusinessCalendar AllDay(string zone) =>
        Calendar(zone, Enum.GetValues<DayOfWeek>().Select(d => new BusinessPeriod(d, TimeSpan.Zero, TimeSpan.FromDays(1))));

    private static DateTimeOffset Berlin(int month, int day, int hour, int minute = 0) =>
        new(2026, month, day, hour, minute, 0, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").GetUtcOffset(new DateTime(2026, month, day, hour, minute, 0)));

    [Fact]
    public void Time_after_closing_on_Friday_continues_on_Monday_morning()
    {
        var calendar = Calendar("Europe/Berlin", Weekdays9To17);
        // Friday 2026-11-06 16:00 plus two business hours: one on Friday, one on Monday from 09:00.
        Assert.Equal(Berlin(11, 9, 10), calendar.Add(Berlin(11, 6, 16), TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.Zero, calendar.Between(Berlin(11, 7, 0), Berlin(11, 9, 0)));
        Assert.Equal(TimeSpan.FromHours(8), calendar.Between(Berlin(11, 9, 0), Berlin(11, 10, 0)));
    }

    [Fact]
    public void Holidays_and_nights_count_nothing()
    {
        var calendar = Calendar("Europe/Berlin", Weekdays9To17, new DateOnly(2026, 12, 25));
        Assert.Equal(TimeSpan.Zero, calendar.Between(Berlin(12, 25, 0), Berlin(12, 26, 0)));
        Assert.Equal(TimeSpan.Zero, calendar.Between(Berlin(12, 22, 17), Berlin(12, 23, 9)));
        Assert.False(calendar.IsOpen(Berlin(12, 25, 12)));
        Assert.True(calendar.IsOpen(Berlin(12, 24, 12)));
    }

    [Fact]
    public void A_whole_day_lasts_23_hours_on_spring_forward_and_25_on_fall_back()
    {
        var calendar = AllDay("Europe/Berlin");
        Assert.Equal(TimeSpan.FromHours(23), calendar.Between(Berlin(3, 29, 0), Berlin(3, 30, 0)));
        Assert.Equal(TimeSpan.FromHours(25), calendar.Between(Berlin(10, 25, 0), Berlin(10, 26, 0)));
    }

    [Fact]
    public void A_period_inside_the_skipped_hour_is_empty_and_one_over_the_repeated_hour_lasts_two()
    {
        var night = Enum.GetValues<DayOfWeek>().Select(d => new BusinessPeriod(d, TimeSpan.FromHours(2), TimeSpan.FromHours(3)));
        var calendar = Calendar("Europe/Berlin", night);
        var springDay = new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero);
        var fallDay = new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, calendar.Between(springDay, springDay.AddDays(1)));
        Assert.Equal(TimeSpan.FromHours(2), calendar.Between(fallDay, fallDay.AddDays(1)));
    }

    [Fact]
    public void Bad_definitions_are_refused_with_the_field_at_fault()
    {
        Assert.Equal("timeZone", Assert.Throws<ArgumentException>(() => Calendar("Mars/Olympus", Weekdays9To17)).ParamName);
        Assert.Equal("periods", Assert.Throws<ArgumentException>(() =>
            Calendar("UTC", [new BusinessPeriod(DayOfWeek.Monday, TimeSpan.FromHours(17), TimeSpan.FromHours(9))])).ParamName);
        Assert.Equal("periods", Assert.Throws<ArgumentException>(() => Calendar("UTC",
            [new(DayOfWeek.Monday, TimeSpan.FromHours(9), TimeSpan.FromHours(13)), new(DayOfWeek.Monday, TimeSpan.FromHours(12), TimeSpan.FromHours(17))])).ParamName);
    }

    // Property-style checks over random instants, in zones with and without DST (Lord Howe shifts by 30 minutes).
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"];

    private static readonly Gen<BusinessCalendar> Calendars =
        from zone in Gen.OneOf(Zones)
        from split in Gen.Bool
        select split
            ? Calendar(zone, Weekdays9To17.SelectMany(p => new[] { p with { End = TimeSpan.FromHours(12) }, p with { Start = TimeSpan.FromHours(13.5) } }),
                new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 25))
            : Calendar(zone, Enum.GetValues<DayOfWeek>().Select(d => new BusinessPeriod(d, TimeSpan.FromHours(1.5), TimeSpan.FromHours(23))));

    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<DateTimeOffset> Instants = Gen.Long[0, TimeSpan.FromDays(730).Ticks / TimeSpan.TicksPerMinute]
        .Select(minutes => Epoch.AddMinutes(minutes));

    [Fact]
    public void Business_time_adds_up_across_any_split_point()
    {
        Gen.Select(Calendars, Instants, Instants, Instants).Sample((calendar, x, y, z) =>
        {
            var ordered = new[] { x, y, z }.Order().ToArray();
            var (a, b, c) = (ordered[0], ordered[1], ordered[2]);
            var whole = calendar.Between(a, c);
            return whole == calendar.Between(a, b) + calendar.Between(b, c) && whole >= TimeSpan.Zero && whole <= c - a;
        }, iter: 300);
    }

    [Fact]
    public void Adding_business_time_lands_on_the_first_instant_that_has_it()
    {
        Gen.Select(Calendars, Instants, Gen.Long[1, TimeSpan.FromDays(20).Ticks / TimeSpan.TicksPerMinute]).Sample((calendar, start, minutes) =>
        {
            var amount = TimeSpan.FromMinutes(minutes);
            var end = calendar.Add(start, amount);
            return calendar.Between(start, end) == amount && calendar.Between(start, end.AddSeconds(-1)) < amount;
        }, iter: 300);
    }

    [Fact]
    public void An_always_open_calendar_counts_wall_time_even_across_DST()
    {
        Gen.Select(Gen.OneOf(Zones), Instants, Instants).Sample((zone, x, y) =>
        {
            var (a, b) = x <= y ? (x, y) : (y, x);
            return AllDay(zone).Between(a, b) == b - a;
        }, iter: 300);
    }
}
