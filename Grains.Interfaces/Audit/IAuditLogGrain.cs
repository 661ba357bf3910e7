namespace Engine.Audit;

/// <summary>One administrative or compliance action: who did what to what, when, with which input.</summary>
/// <param name="Details">The request's input as JSON, secrets removed.</param>
[GenerateSerializer, Alias("engine.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Actor,
    [property: Id(3)] string Action,
    [property: Id(4)] string Target,
    [property: Id(5)] string? Details);

[GenerateSerializer, Alias("engine.AuditPage")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] long LastSequence);

/// <summary>
/// A tenant's audit log for one month (key <c>tenant/yyyy-MM</c>): append-only, numbered; nothing edits or deletes an
/// entry. Split by month so that each write stays small however long the tenant lives.
/// </summary>
[Alias("engine.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    Task<long> Append(string actor, string action, string target, string? details);

    Task<AuditPage> After(long sequence, int limit);
}

public static class AuditKeys
{
    public static string Month(string tenant, DateTimeOffset at) => $"{tenant}/{at.UtcDateTime:yyyy-MM}";
}
