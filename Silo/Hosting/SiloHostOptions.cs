namespace Engine.Silo.Hosting;

/// <summary>
/// How a standalone silo joins its cluster, bound from the <c>Cluster</c> section
/// (appsettings.json, or environment variables such as <c>Cluster__ConnectionString</c>).
/// </summary>
public sealed class SiloHostOptions
{
    public const string Section = "Cluster";

    /// <summary>Bound to Orleans' <c>ClusterMembershipOptions</c> (e.g. <c>Cluster__Membership__ProbeTimeout</c>).</summary>
    public const string MembershipSection = "Cluster:Membership";

    public string ClusterId { get; set; } = "engine";
    public string ServiceId { get; set; } = "engine";

    /// <summary>Npgsql connection string of the database holding membership, grain state and reminders.</summary>
    public string? ConnectionString { get; set; }

    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Listen on and advertise 127.0.0.1 (several silos on one machine). When false, Orleans advertises the machine's
    /// network address, which is what silos on different hosts need.
    /// </summary>
    public bool Loopback { get; set; }

    /// <summary>
    /// Upper bound of this silo's Npgsql pool, used unless the connection string sets one. PostgreSQL allows 100
    /// connections by default and Npgsql would take up to 100 per process, so several silos need a smaller share each.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>Apply pending schema scripts before the silo starts (handy for development; production runs <c>migrate</c>).</summary>
    public bool MigrateOnStart { get; set; }

    public string RequiredConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString)
            ? throw new InvalidOperationException("Cluster:ConnectionString is not set (environment variable Cluster__ConnectionString).")
            : ConnectionString;
}
