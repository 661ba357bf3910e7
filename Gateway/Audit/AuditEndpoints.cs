namespace Engine.Gateway.Audit;

using System.Globalization;
using Engine.Audit;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Gateway.Security;

/// <summary>Reading the audit log. There is deliberately no endpoint that writes, edits or deletes an entry.</summary>
public static class AuditEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tenants/{tenant}/audit", Page)
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .RequireAuthorization(EnginePolicies.Administer)
            .WithTags("Audit").WithName("GetAuditLog")
            .WithSummary("Administrative and compliance actions of one month, oldest first")
            .WithDescription("Query: month (yyyy-MM, default the current one), after (a sequence number), limit (1-500).")
            .Produces<AuditPage>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Page(string tenant, string? month, string? after, string? limit, IGrainFactory grains, TimeProvider clock)
    {
        var errors = new InputRules.Errors();
        var at = clock.GetUtcNow();
        if (month is not null)
        {
            if (DateTimeOffset.TryParseExact(month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) at = parsed;
            else errors.Add("month", "Must be a month as yyyy-MM.");
        }
        var from = 0L;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out from)))
            errors.Add("after", "Must be a sequence number (0 or more).");
        var take = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors.Add("limit", $"Must be 1-{MaxLimit}.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        return Results.Ok(await grains.GetGrain<IAuditLogGrain>(AuditKeys.Month(tenant, at)).After(from, take));
    }
}
