namespace Engine.Approval;

using System.Collections.Concurrent;
using Engine.Hosting;

[GenerateSerializer, Alias("engine.TenantApprovalState")]
public sealed class TenantApprovalState
{
    [Id(0)] public ApprovalPolicy Policy { get; set; } = ApprovalPolicy.None;
}

public sealed class TenantApprovalGrain(
    [PersistentState("approval", EngineStorage.Name)] IPersistentState<TenantApprovalState> state,
    ApprovalDirectory directory) : Grain, ITenantApprovalGrain
{
    public Task<ApprovalPolicy> Policy() => Task.FromResult(state.State.Policy);

    public async Task SetPolicy(ApprovalPolicy policy)
    {
        // Keywords that cannot be compiled must fail here, not inside every reply that consults the policy.
        _ = new ApprovalRules(policy);
        state.State.Policy = policy;
        await state.WriteStateAsync();
        directory.Forget(this.GetPrimaryKeyString());
    }
}

/// <summary>
/// A per-silo cache of tenants' compiled approval rules, so a reply costs no grain hop for them. A change is seen by the
/// silo that stored it at once and by every other silo within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApprovalDirectory(IGrainFactory grains)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long Until, ApprovalRules Rules)> _tenants = new();

    public async ValueTask<ApprovalRules> Rules(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var hit) && hit.Until > Environment.TickCount64) return hit.Rules;
        var rules = new ApprovalRules(await grains.GetGrain<ITenantApprovalGrain>(tenant).Policy());
        _tenants[tenant] = (Environment.TickCount64 + (long)Lifetime.TotalMilliseconds, rules);
        return rules;
    }

    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);
}
