namespace Engine.Gateway.Hosting;

/// <summary>How the Gateway reaches grains: a silo inside its own process, or a client of an external cluster.</summary>
public sealed class GatewayClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Client mode: bound to Orleans' <c>GatewayOptions</c> and <c>ClientMessagingOptions</c>.</summary>
    public const string ClientSection = "Cluster:Client";

    /// <summary><c>embedded</c> (default) or <c>client</c>.</summary>
    public string Mode { get; set; } = "embedded";
    public string ClusterId { get; set; } = "engine";
    public string ServiceId { get; set; } = "engine";
    public int SiloPort { get; set; } = 11111;
    public int GatewayPort { get; set; } = 30000;

    /// <summary>What the start-up line says about where data is kept.</summary>
    public string StorageDescription { get; set; } = "external cluster's store";

    /// <summary>
    /// Client mode: the Npgsql connection string of the cluster's PostgreSQL membership table, where the client finds
    /// the silos' gateways. Without it the client looks for one silo on localhost at <see cref="GatewayPort"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool Embedded => string.Equals(Mode, "embedded", StringComparison.OrdinalIgnoreCase);
}
