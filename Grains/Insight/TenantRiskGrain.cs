namespace Engine.Insight;

using System.Collections.Concurrent;
using Engine.Hosting;

[GenerateSerializer, Alias("engine.TenantRiskState")]
public sealed class TenantRiskState
{
    /// <summary>Null until the tenant saves its own: the defaults apply.</summary>
    [Id(0)] public TenantRiskSettings? Settings { get; set; }
}

public sealed class TenantRiskGrain(
    [PersistentState("risk", EngineStorage.Name)] IPersistentState<TenantRiskState> state,
    RiskDirectory directory) : Grain, ITenantRiskGrain
{
    public Task<TenantRiskSettings> Settings() => Task.FromResult(state.State.Settings ?? TenantRiskSettings.Default);

    public async Task Set(TenantRiskSettings settings)
    {
        // Keywords that cannot be compiled must fail here, not inside every conversation that scores a message.
        _ = new KeywordRules(settings.Policy.Categories);
        state.State.Settings = settings;
        await state.WriteStateAsync();
        directory.Forget(this.GetPrimaryKeyString());
    }
}

/// <summary>
/// A per-silo cache of tenants' risk settings with one compiled <see cref="RiskScorer"/> each, so scoring a message
/// costs no grain call. A change is seen by every silo within <see cref="Lifetime"/> (at once on the silo that saved it).
/// </summary>
public sealed class RiskDirectory(IGrainFactory grains)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long Until, TenantRiskSettings Settings, RiskScorer Scorer)> _tenants = new();

    public async ValueTask<RiskScorer> Scorer(string tenant) => (await Entry(tenant)).Scorer;

    public async ValueTask<EarlyWarningOptions> Alerts(string tenant) => (await Entry(tenant)).Settings.Alerts;

    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);

    private async ValueTask<(long Until, TenantRiskSettings Settings, RiskScorer Scorer)> Entry(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var hit) && hit.Until > Environment.TickCount64) return hit;
        var settings = await grains.GetGrain<ITenantRiskGrain>(tenant).Settings();
        var entry = (Environment.TickCount64 + (long)Lifetime.TotalMilliseconds, settings, new RiskScorer(settings.Policy));
        _tenants[tenant] = entry;
        return entry;
    }
}
