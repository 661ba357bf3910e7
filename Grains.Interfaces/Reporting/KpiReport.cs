namespace Engine.Reporting;

[GenerateSerializer, Alias("engine.KpiGrouping")]
public enum KpiGrouping { None, Channel, Visibility, Queue, Agent }

/// <summary>One line of a contact-center KPI report: a tenant's figures for one group over a time range.</summary>
/// <param name="Group">"all", a channel kind or a visibility, per the report's grouping.</param>
/// <param name="ResponseRate">Share of customer messages in the range that got a brand answer in their thread.</param>
/// <param name="CannedUneditedReplies">Agent replies in the range sent exactly as a canned response rendered them;
/// <c>CannedEditedReplies</c> started from one and were changed; <c>PersonalReplies</c> used none.</param>
/// <param name="ConversationResponseRate">Share of conversations with a customer message in the range that got any brand answer.</param>
[GenerateSerializer, Alias("engine.KpiRow")]
public sealed record KpiRow(
    [property: Id(0)] string Group,
    [property: Id(1)] int Conversations,
    [property: Id(2)] int MessagesIn,
    [property: Id(3)] int MessagesOut,
    [property: Id(4)] int MessagesInAnswered,
    [property: Id(5)] double? ResponseRate,
    [property: Id(6)] int ConversationsWithCustomer,
    [property: Id(7)] int ConversationsAnswered,
    [property: Id(8)] double? ConversationResponseRate,
    [property: Id(9)] TimeSpan? FirstResponseMedian,
    [property: Id(10)] TimeSpan? FirstResponseP90,
    [property: Id(11)] TimeSpan? NextResponseMedian,
    [property: Id(12)] TimeSpan? NextResponseP90,
    [property: Id(13)] int Resolved,
    [property: Id(14)] int Reopened,
    [property: Id(15)] double? ReopenRate,
    [property: Id(16)] int PublicToPrivateHandoffs,
    [property: Id(17)] int CannedUneditedReplies = 0,
    [property: Id(18)] int CannedEditedReplies = 0,
    [property: Id(19)] int PersonalReplies = 0,
    [property: Id(20)] SlaCompliance? FirstResponseSla = null,
    [property: Id(21)] SlaCompliance? NextResponseSla = null,
    [property: Id(22)] SlaCompliance? ResolutionSla = null,
    [property: Id(23)] int DraftsApproved = 0,
    [property: Id(24)] int DraftsRejected = 0,
    [property: Id(25)] TimeSpan? ApprovalWaitMedian = null,
    [property: Id(26)] TimeSpan? ApprovalWaitP90 = null);

/// <summary>One SLA target over a report's conversations: how many had it decided (met or breached) and the share met.</summary>
/// <param name="Compliance">Met / Decided; null when none was decided.</param>
[GenerateSerializer, Alias("engine.SlaCompliance")]
public sealed record SlaCompliance(
    [property: Id(0)] int Decided,
    [property: Id(1)] int Met,
    [property: Id(2)] double? Compliance);

[GenerateSerializer, Alias("engine.KpiReport")]
public sealed record KpiReport(
    [property: Id(0)] string Tenant,
    [property: Id(1)] DateTimeOffset From,
    [property: Id(2)] DateTimeOffset To,
    [property: Id(3)] KpiGrouping Grouping,
    [property: Id(4)] IReadOnlyList<KpiRow> Rows);

/// <summary>Computes KPI reports from the conversations' recorded events, so every figure can be recomputed.</summary>
[Alias("engine.IReportGrain")]
public interface IReportGrain : IGrainWithIntegerKey
{
    Task<KpiReport> Kpis(string tenant, DateTimeOffset from, DateTimeOffset to, KpiGrouping grouping, CancellationToken cancellationToken = default);

    /// <summary>Per agent of the tenant's roster: signed-in, available and handle time, occupancy, assignments and replies.</summary>
    Task<AgentOccupancyReport> Agents(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}
