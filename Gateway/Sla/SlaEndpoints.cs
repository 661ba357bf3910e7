namespace Engine.Gateway.Sla;

using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Sla;

/// <summary>A tenant's SLA policies and clock settings, under <c>/api/v1/tenants/{tenant}/sla</c>.</summary>
public static class SlaEndpoints
{
    public const int MaxPolicies = 100;
    private static readonly double MaxTargetMinutes = TimeSpan.FromDays(365).TotalMinutes;

    public static IEndpointRouteBuilder MapSlaApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}/sla")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("SLA");
        tenant.MapGet("/policies", GetPolicies).RequireAuthorization(EnginePolicies.Read).WithName("GetSlaPolicies").Produces<IReadOnlyList<SlaPolicyBody>>();
        tenant.MapPut("/policies", PutPolicies).RequireAuthorization(EnginePolicies.Administer).Audited("sla.policies.changed").WithName("PutSlaPolicies")
            .WithSummary("Replace the tenant's SLA policies (matched by channel, visibility and priority; the most specific wins)")
            .Produces<IReadOnlyList<SlaPolicyBody>>().ProducesValidationProblem();
        tenant.MapGet("/settings", GetSettings).RequireAuthorization(EnginePolicies.Read).WithName("GetSlaSettings").Produces<SlaSettingsBody>();
        tenant.MapPut("/settings", PutSettings).RequireAuthorization(EnginePolicies.Administer).Audited("sla.settings.changed").WithName("PutSlaSettings")
            .WithSummary("Auto-resolve after this many minutes pending on the customer (null: never)")
            .Produces<SlaSettingsBody>().ProducesValidationProblem();
        tenant.MapGet("/queues/{queueId}/business-hours", GetQueueHours).RequireAuthorization(EnginePolicies.Read).WithName("GetQueueBusinessHours")
            .Produces<BusinessHoursBody>().ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapPut("/queues/{queueId}/business-hours", PutQueueHours).RequireAuthorization(EnginePolicies.Administer).Audited("business-hours.changed").WithName("PutQueueBusinessHours")
            .WithSummary("A queue's own business hours: business-hours policies count these for conversations in the queue")
            .Produces<BusinessHoursBody>().ProducesValidationProblem();
        tenant.MapDelete("/queues/{queueId}/business-hours", DeleteQueueHours).RequireAuthorization(EnginePolicies.Administer).Audited("business-hours.removed").WithName("DeleteQueueBusinessHours").Produces(StatusCodes.Status204NoContent);
        return app;
    }

    private static async Task<IResult> GetQueueHours(string tenant, string queueId, IGrainFactory grains) =>
        (await grains.GetGrain<ITenantSlaGrain>(tenant).Settings()).QueueHours?.GetValueOrDefault(queueId) is { } hours
            ? Results.Ok(SlaPolicyBody.Hours(hours))
            : ProblemResults.NotFound($"Queue {queueId} has no business hours of its own.");

    private static async Task<IResult> PutQueueHours(string tenant, string queueId, BusinessHoursBody body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        errors.RequireId("queueId", queueId);
        var hours = Hours(body, "businessHours", errors);
        if (errors.Count > 0 || hours is null) return ProblemResults.Invalid(errors);
        await grains.GetGrain<ITenantSlaGrain>(tenant).SetQueueHours(queueId, hours);
        return Results.Ok(SlaPolicyBody.Hours(hours));
    }

    private static async Task<IResult> DeleteQueueHours(string tenant, string queueId, IGrainFactory grains)
    {
        await grains.GetGrain<ITenantSlaGrain>(tenant).SetQueueHours(queueId, null);
        return Results.NoContent();
    }

    private static async Task<IResult> GetPolicies(string tenant, IGrainFactory grains) =>
        Results.Ok((await grains.GetGrain<ITenantSlaGrain>(tenant).Settings()).Policies.Select(SlaPolicyBody.From).ToList());

    private static async Task<IResult> PutPolicies(string tenant, IReadOnlyList<SlaPolicyBody>? body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        var policies = new List<SlaPolicy>();
        if (body is null) errors.Add("policies", "Required: a list of policies (may be empty).");
        else if (body.Count > MaxPolicies) errors.Add("policies", $"At most {MaxPolicies} policies.");
        else
            for (var i = 0; i < body.Count; i++)
                if (Parse(body[i], $"[{i}]", errors) is { } policy) policies.Add(policy);
        foreach (var duplicate in policies.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add("name", $"Policy names must be unique: '{duplicate.Key}' is used more than once.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        await grains.GetGrain<ITenantSlaGrain>(tenant).SetPolicies(policies);
        return Results.Ok(policies.Select(SlaPolicyBody.From).ToList());
    }

    private static SlaPolicy? Parse(SlaPolicyBody? body, string at, InputRules.Errors errors)
    {
        if (body is null) { errors.Add(at, "Required: a policy."); return null; }
        var before = errors.Count;
        errors.RequireId($"{at}.name", body.Name);
        if (body.WarnAt is { } warn && (warn <= 0 || warn > 1)) errors.Add($"{at}.warnAt", "A fraction of the target, above 0 and at most 1.");
        var targets = new SlaTargets(Target(body.Targets?.FirstResponseMinutes, $"{at}.targets.firstResponseMinutes", errors),
            Target(body.Targets?.NextResponseMinutes, $"{at}.targets.nextResponseMinutes", errors),
            Target(body.Targets?.ResolutionMinutes, $"{at}.targets.resolutionMinutes", errors));
        if (targets is { FirstResponse: null, NextResponse: null, Resolution: null })
            errors.Add($"{at}.targets", "At least one target: firstResponseMinutes, nextResponseMinutes or resolutionMinutes.");
        var hours = body.BusinessHours is { } h ? Hours(h, $"{at}.businessHours", errors) : null;
        var onWarning = Actions(body.OnWarning, $"{at}.onWarning", errors);
        var onBreach = Actions(body.OnBreach, $"{at}.onBreach", errors);
        if (errors.Count > before) return null;
        var m = body.Match ?? new SlaMatchBody();
        return new SlaPolicy(body.Name!, new SlaMatch(m.Channel, m.Visibility, m.Priority), targets, hours, body.WarnAt ?? 0.75, onWarning, onBreach);
    }

    private static TimeSpan? Target(double? minutes, string field, InputRules.Errors errors)
    {
        if (minutes is not { } value) return null;
        if (value <= 0 || value > MaxTargetMinutes || double.IsNaN(value)) { errors.Add(field, "Minutes, above 0 and at most a year."); return null; }
        return TimeSpan.FromMinutes(value);
    }

    private static BusinessHours? Hours(BusinessHoursBody body, string at, InputRules.Errors errors)
    {
        var periods = new List<BusinessPeriod>();
        var list = body.Periods ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            var (day, start, end) = (list[i].Day, BusinessPeriodBody.ParseClock(list[i].Start), BusinessPeriodBody.ParseClock(list[i].End));
            if (day is null) errors.Add($"{at}.periods[{i}].day", "Required: a weekday.");
            if (start is null) errors.Add($"{at}.periods[{i}].start", "Required: \"HH:mm\" local time.");
            if (end is null) errors.Add($"{at}.periods[{i}].end", "Required: \"HH:mm\" local time, up to \"24:00\".");
            if (day is { } d && start is { } s && end is { } e) periods.Add(new BusinessPeriod(d, s, e));
        }
        var hours = new BusinessHours(body.TimeZone ?? "", periods, body.Holidays);
        try
        {
            // The calendar is the one judge of what it can count: unknown zones, empty or overlapping periods.
            _ = new BusinessCalendar(hours);
        }
        catch (ArgumentException e)
        {
            errors.Add(e.ParamName is { Length: > 0 } name ? $"{at}.{char.ToLowerInvariant(name[0])}{name[1..]}" : at, e.Message);
            return null;
        }
        return hours;
    }

    private static IReadOnlyList<SlaAction>? Actions(IReadOnlyList<SlaActionBody>? list, string at, InputRules.Errors errors)
    {
        if (list is null) return null;
        var actions = new List<SlaAction>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i]?.Kind is not { } kind) { errors.Add($"{at}[{i}].kind", "Required: raisePriority, requeue, notifySupervisors or addLabel."); continue; }
            var argument = list[i].Argument;
            if (kind is SlaActionKind.Requeue or SlaActionKind.AddLabel) errors.RequireId($"{at}[{i}].argument", argument);
            actions.Add(new SlaAction(kind, argument));
        }
        return actions;
    }

    private static async Task<IResult> GetSettings(string tenant, IGrainFactory grains) =>
        Results.Ok(new SlaSettingsBody((await grains.GetGrain<ITenantSlaGrain>(tenant).Settings()).AutoResolveAfter?.TotalMinutes));

    private static async Task<IResult> PutSettings(string tenant, SlaSettingsBody body, IGrainFactory grains)
    {
        if (body.AutoResolveAfterMinutes is { } m && (m <= 0 || m > MaxTargetMinutes || double.IsNaN(m)))
            return ProblemResults.Invalid("autoResolveAfterMinutes", "Minutes, above 0 and at most a year; null never auto-resolves.");
        var after = body.AutoResolveAfterMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null;
        await grains.GetGrain<ITenantSlaGrain>(tenant).SetAutoResolveAfter(after);
        return Results.Ok(new SlaSettingsBody(after?.TotalMinutes));
    }
}
