namespace Engine.Gateway.Reporting;

using Engine.Gateway.Security;
using System.Globalization;
using System.Text;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Reporting;

/// <summary>KPI reports under <c>/api/v1/tenants/{tenant}/reports</c>, as JSON or CSV (<c>format=csv</c>).</summary>
public static class ReportEndpoints
{
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(30);

    public static IEndpointRouteBuilder MapReportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/tenants/{tenant}/reports/kpis", Kpis)
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .RequireAuthorization(EnginePolicies.Supervise)
            .WithTags("Reports").WithName("GetKpis")
            .WithSummary("Volume, response rate, brand-wait response times, resolutions, reopens, hand-offs, SLA compliance and approval wait for a time range")
            .WithDescription("Query: from, to (ISO 8601; default the last 30 days), by = none | channel | visibility | queue | agent, format = json | csv.")
            .Produces<KpiReport>().ProducesValidationProblem();
        app.MapGet("/api/v1/tenants/{tenant}/reports/agents", Agents)
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .RequireAuthorization(EnginePolicies.Supervise)
            .WithTags("Reports").WithName("GetAgentOccupancy")
            .WithSummary("Per agent: signed-in, available and handle time, occupancy, assignments and replies for a time range")
            .WithDescription("Query: from, to (ISO 8601; default the last 30 days), format = json | csv.")
            .Produces<AgentOccupancyReport>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Kpis(string tenant, IGrainFactory grains, TimeProvider clock,
        string? from, string? to, string? by, string? format, CancellationToken cancellationToken)
    {
        var errors = new InputRules.Errors();
        var end = ParseTime(to, "to", errors) ?? clock.GetUtcNow();
        var start = ParseTime(from, "from", errors) ?? end - DefaultRange;
        if (start >= end) errors.Add("from", "Must be before 'to'.");
        var grouping = KpiGrouping.None;
        if (by is not null && (int.TryParse(by, out _) || !Enum.TryParse(by, ignoreCase: true, out grouping)))
            errors.Add("by", "Must be none, channel, visibility, queue or agent.");
        if (format is not (null or "json" or "csv")) errors.Add("format", "Must be json or csv.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var report = await grains.GetGrain<IReportGrain>(0).Kpis(tenant, start, end, grouping, cancellationToken);
        return format == "csv" ? Results.Text(Csv(report), "text/csv", Encoding.UTF8) : Results.Ok(report);
    }

    private static async Task<IResult> Agents(string tenant, IGrainFactory grains, TimeProvider clock,
        string? from, string? to, string? format, CancellationToken cancellationToken)
    {
        var errors = new InputRules.Errors();
        var end = ParseTime(to, "to", errors) ?? clock.GetUtcNow();
        var start = ParseTime(from, "from", errors) ?? end - DefaultRange;
        if (start >= end) errors.Add("from", "Must be before 'to'.");
        if (format is not (null or "json" or "csv")) errors.Add("format", "Must be json or csv.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var report = await grains.GetGrain<IReportGrain>(0).Agents(tenant, start, end, cancellationToken);
        return format == "csv" ? Results.Text(Csv(report), "text/csv", Encoding.UTF8) : Results.Ok(report);
    }

    /// <summary>One row per agent; durations in seconds, occupancy as a fraction.</summary>
    public static string Csv(AgentOccupancyReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine("agent,signed_in_s,available_s,handle_s,occupancy,assignments,replies");
        foreach (var r in report.Rows)
            csv.AppendLine(string.Join(',', r.AgentId, Seconds(r.SignedIn), Seconds(r.Available), Seconds(r.Handle), Number(r.Occupancy),
                r.Assignments, r.Replies));
        return csv.ToString();
    }

    private static DateTimeOffset? ParseTime(string? text, string field, InputRules.Errors errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return at;
        errors.Add(field, "Must be an ISO 8601 date and time.");
        return null;
    }

    /// <summary>The same rows as the JSON, one per group; durations in seconds, rates as fractions.</summary>
    public static string Csv(KpiReport report)
    {
        var csv = new StringBuilder();
        csv.AppendLine("group,conversations,messages_in,messages_out,messages_in_answered,response_rate,conversations_with_customer,"
            + "conversations_answered,conversation_response_rate,first_response_median_s,first_response_p90_s,next_response_median_s,"
            + "next_response_p90_s,resolved,reopened,reopen_rate,public_to_private_handoffs,canned_unedited_replies,canned_edited_replies,"
            + "personal_replies,first_response_sla_decided,first_response_sla_met,first_response_sla_compliance,next_response_sla_decided,"
            + "next_response_sla_met,next_response_sla_compliance,resolution_sla_decided,resolution_sla_met,resolution_sla_compliance,"
            + "drafts_approved,drafts_rejected,approval_wait_median_s,approval_wait_p90_s");
        foreach (var r in report.Rows)
            csv.AppendLine(string.Join(',', r.Group, r.Conversations, r.MessagesIn, r.MessagesOut, r.MessagesInAnswered, Number(r.ResponseRate),
                r.ConversationsWithCustomer, r.ConversationsAnswered, Number(r.ConversationResponseRate),
                Seconds(r.FirstResponseMedian), Seconds(r.FirstResponseP90), Seconds(r.NextResponseMedian), Seconds(r.NextResponseP90),
                r.Resolved, r.Reopened, Number(r.ReopenRate), r.PublicToPrivateHandoffs, r.CannedUneditedReplies, r.CannedEditedReplies,
                r.PersonalReplies, Sla(r.FirstResponseSla), Sla(r.NextResponseSla), Sla(r.ResolutionSla),
                r.DraftsApproved, r.DraftsRejected, Seconds(r.ApprovalWaitMedian), Seconds(r.ApprovalWaitP90)));
        return csv.ToString();
    }

    private static string Sla(SlaCompliance? sla) =>
        sla is null ? ",," : string.Join(',', sla.Decided, sla.Met, Number(sla.Compliance));

    private static string Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    private static string Seconds(TimeSpan? value) => value?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) ?? "";
}
