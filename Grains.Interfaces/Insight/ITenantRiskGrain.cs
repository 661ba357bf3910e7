namespace Engine.Insight;

/// <summary>A tenant's risk settings: its keyword categories and priority thresholds, and when early warnings fire.</summary>
[GenerateSerializer, Alias("engine.TenantRiskSettings")]
public sealed record TenantRiskSettings(
    [property: Id(0)] RiskPolicy Policy,
    [property: Id(1)] EarlyWarningOptions Alerts)
{
    public static readonly TenantRiskSettings Default = new(RiskPolicy.Default, new EarlyWarningOptions());
}

/// <summary>Holds one tenant's risk settings. Key: tenant id. Conversations read them through a per-silo cache.</summary>
[Alias("engine.ITenantRiskGrain")]
public interface ITenantRiskGrain : IGrainWithStringKey
{
    Task<TenantRiskSettings> Settings();

    Task Set(TenantRiskSettings settings);
}
