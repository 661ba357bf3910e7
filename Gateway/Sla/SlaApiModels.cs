namespace Engine.Gateway.Sla;

using System.Globalization;
using Engine.Conversations;
using Engine.Sla;

/// <summary>An SLA policy as the API reads and writes it: targets in minutes, business hours as "HH:mm" local times.</summary>
public sealed record SlaPolicyBody(
    string? Name,
    SlaMatchBody? Match,
    SlaTargetsBody? Targets,
    BusinessHoursBody? BusinessHours = null,
    double? WarnAt = null,
    IReadOnlyList<SlaActionBody>? OnWarning = null,
    IReadOnlyList<SlaActionBody>? OnBreach = null)
{
    public static SlaPolicyBody From(SlaPolicy p) => new(p.Name,
        new SlaMatchBody(p.Match.Channel, p.Match.Visibility, p.Match.Priority),
        new SlaTargetsBody(Minutes(p.Targets.FirstResponse), Minutes(p.Targets.NextResponse), Minutes(p.Targets.Resolution)),
        p.BusinessHours is { } h ? Hours(h) : null,
        p.WarnAt, p.OnWarning?.Select(SlaActionBody.From).ToList(), p.OnBreach?.Select(SlaActionBody.From).ToList());

    public static BusinessHoursBody Hours(BusinessHours h) =>
        new(h.TimeZone, h.Periods.Select(x => new BusinessPeriodBody(x.Day, Clock(x.Start), Clock(x.End))).ToList(), h.Holidays);

    private static double? Minutes(TimeSpan? t) => t?.TotalMinutes;

    private static string Clock(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}";
}

public sealed record SlaMatchBody(ChannelKind? Channel = null, Visibility? Visibility = null, Priority? Priority = null);

public sealed record SlaTargetsBody(double? FirstResponseMinutes = null, double? NextResponseMinutes = null, double? ResolutionMinutes = null);

public sealed record BusinessHoursBody(string? TimeZone, IReadOnlyList<BusinessPeriodBody>? Periods, IReadOnlyList<DateOnly>? Holidays = null);

public sealed record BusinessPeriodBody(DayOfWeek? Day, string? Start, string? End)
{
    /// <summary>"HH:mm" from 00:00 to 24:00.</summary>
    public static TimeSpan? ParseClock(string? value)
    {
        if (value is null) return null;
        if (value == "24:00") return TimeSpan.FromHours(24);
        return TimeSpan.TryParseExact(value, @"hh\:mm", CultureInfo.InvariantCulture, out var t) ? t : null;
    }
}

public sealed record SlaActionBody(SlaActionKind? Kind, string? Argument = null)
{
    public static SlaActionBody From(SlaAction a) => new(a.Kind, a.Argument);
}

public sealed record SlaSettingsBody(double? AutoResolveAfterMinutes);
