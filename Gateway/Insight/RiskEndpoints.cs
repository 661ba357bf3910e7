namespace Engine.Gateway.Insight;

using Engine.Gateway.Limits;
using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Insight;
using Engine.Listening;

/// <summary>Risk settings and engagement updates under <c>/api/v1/tenants/{tenant}</c>.</summary>
public static class RiskEndpoints
{
    public const int MaxCategories = 50;
    public const int MaxTerms = 500;
    public const int MaxTermLength = 100;
    private static readonly double MaxWindowMinutes = TimeSpan.FromDays(1).TotalMinutes;

    public static IEndpointRouteBuilder MapRiskApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("Risk");
        tenant.MapGet("/risk/settings", GetSettings).RequireAuthorization(EnginePolicies.Supervise).WithName("GetRiskSettings").Produces<RiskSettingsBody>();
        tenant.MapPut("/risk/settings", PutSettings).RequireAuthorization(EnginePolicies.Administer).Audited("risk.settings.changed").WithName("PutRiskSettings")
            .WithSummary("Replace the tenant's keyword categories, priority thresholds and early-warning settings")
            .Produces<RiskSettingsBody>().ProducesValidationProblem();
        tenant.MapPost("/engagement", PostEngagement).RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest).WithName("PostEngagement")
            .WithSummary("A platform's engagement counters for a post: feeds its velocity into its risk and the early warning")
            .Produces<EngagementResponse>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> GetSettings(string tenant, IGrainFactory grains) =>
        Results.Ok(RiskSettingsBody.From(await grains.GetGrain<ITenantRiskGrain>(tenant).Settings()));

    private static async Task<IResult> PutSettings(string tenant, RiskSettingsBody body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        var settings = Parse(body, errors);
        if (errors.Count > 0 || settings is null) return ProblemResults.Invalid(errors);
        await grains.GetGrain<ITenantRiskGrain>(tenant).Set(settings);
        return Results.Ok(RiskSettingsBody.From(settings));
    }

    internal static TenantRiskSettings? Parse(RiskSettingsBody body, InputRules.Errors errors)
    {
        var defaults = TenantRiskSettings.Default;
        var categories = new List<KeywordCategory>();
        if (body.Categories is null) errors.Add("categories", "Required: a list of keyword categories (may be empty).");
        else if (body.Categories.Count > MaxCategories) errors.Add("categories", $"At most {MaxCategories} categories.");
        else
            for (var i = 0; i < body.Categories.Count; i++)
                if (Category(body.Categories[i], $"categories[{i}]", errors) is { } category) categories.Add(category);
        foreach (var duplicate in categories.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add("categories", $"Category names must be unique: '{duplicate.Key}' is used more than once.");

        var (low, high, urgent) = (body.LowBelow ?? defaults.Policy.LowBelow, body.HighAt ?? defaults.Policy.HighAt, body.UrgentAt ?? defaults.Policy.UrgentAt);
        Score("lowBelow", low, errors);
        Score("highAt", high, errors);
        Score("urgentAt", urgent, errors);
        if (low >= high) errors.Add("lowBelow", "Must be below highAt.");
        if (high >= urgent) errors.Add("highAt", "Must be below urgentAt.");

        var a = body.Alerts ?? new EarlyWarningBody();
        var d = defaults.Alerts;
        var spike = a.SpikePerMinute ?? d.SpikePerMinute;
        if (!(spike > 0 && spike <= 1_000_000)) errors.Add("alerts.spikePerMinute", "Above 0 and at most 1,000,000.");
        var spikeWindow = Window("alerts.spikeWindowMinutes", a.SpikeWindowMinutes ?? d.SpikeWindowOrDefault.TotalMinutes, errors);
        var clusterWindow = Window("alerts.clusterWindowMinutes", a.ClusterWindowMinutes ?? d.ClusterWindowOrDefault.TotalMinutes, errors);
        var size = a.ClusterSize ?? d.ClusterSize;
        if (size is < 2 or > 1_000) errors.Add("alerts.clusterSize", "From 2 to 1,000 posts.");
        var highRisk = a.HighRiskAt ?? d.HighRiskAt;
        Score("alerts.highRiskAt", highRisk, errors);
        if (errors.Count > 0) return null;
        return new TenantRiskSettings(new RiskPolicy(categories, high, urgent, low),
            new EarlyWarningOptions(spike, spikeWindow, size, clusterWindow, highRisk));
    }

    private static KeywordCategory? Category(KeywordCategoryBody? body, string at, InputRules.Errors errors)
    {
        if (body is null) { errors.Add(at, "Required: a category."); return null; }
        var before = errors.Count;
        errors.RequireId($"{at}.name", body.Name);
        var terms = body.Terms ?? [];
        if (terms.Count == 0) errors.Add($"{at}.terms", "Required: at least one term.");
        else if (terms.Count > MaxTerms) errors.Add($"{at}.terms", $"At most {MaxTerms} terms.");
        else
            for (var i = 0; i < terms.Count; i++)
            {
                var term = terms[i];
                if (term is not { Length: > 0 and <= MaxTermLength } || InputRules.HasControlCharacters(term))
                    errors.Add($"{at}.terms[{i}]", $"A word, phrase or prefix* of 1 to {MaxTermLength} characters.");
                // The matcher works on word tokens: a term with none (e.g. "*" or "!!!") could never match.
                else if (PostText.Tokenize(term.TrimEnd('*')).Length == 0 || term.IndexOf('*') is var star && star >= 0 && star != term.Length - 1)
                    errors.Add($"{at}.terms[{i}]", "Needs letters or digits; '*' only at the end, for a prefix.");
            }
        if (body.Weight is not { } weight || !(weight >= 0 && weight <= 100)) errors.Add($"{at}.weight", "Required: points from 0 to 100.");
        return errors.Count > before ? null : new KeywordCategory(body.Name!, [.. terms], body.Weight!.Value, body.AtLeast);
    }

    private static void Score(string field, double value, InputRules.Errors errors)
    {
        if (!(value > 0 && value <= 100)) errors.Add(field, "A risk score above 0 and at most 100.");
    }

    private static TimeSpan Window(string field, double minutes, InputRules.Errors errors)
    {
        if (!(minutes > 0 && minutes <= MaxWindowMinutes)) { errors.Add(field, "Minutes, above 0 and at most a day."); return TimeSpan.Zero; }
        return TimeSpan.FromMinutes(minutes);
    }

    private static async Task<IResult> PostEngagement(string tenant, EngagementRequest request, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new InputRules.Errors();
        if (request.Channel is null) errors.Add("channel", "Required.");
        errors.RequireId("platformMessageId", request.PlatformMessageId);
        foreach (var (field, value) in new[] { ("likes", request.Likes), ("reposts", request.Reposts), ("replies", request.Replies) })
            if (value is < 0 or > InputRules.MaxFollowers) errors.Add(field, $"A count from 0 to {InputRules.MaxFollowers}.");
        if (request.Likes is null && request.Reposts is null && request.Replies is null)
            errors.Add("likes", "At least one of likes, reposts or replies.");
        var now = clock.GetUtcNow();
        if (request.ObservedAt is null) errors.Add("observedAt", "Required.");
        else if (request.ObservedAt < InputRules.EarliestTimestamp || request.ObservedAt > now + InputRules.AllowedClockSkew)
            errors.Add("observedAt", $"Must lie between {InputRules.EarliestTimestamp:yyyy-MM-dd} and one day from now.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var sample = new EngagementSample(request.ObservedAt!.Value, request.Likes ?? 0, request.Reposts ?? 0, request.Replies ?? 0);
        var update = new EngagementUpdate(request.Channel!.Value, request.PlatformMessageId!, sample);
        return Results.Ok(await EngagementIntake.Observe(grains, tenant, update));
    }
}
