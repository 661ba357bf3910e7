namespace Engine.Sla;

using System.Collections.Concurrent;
using Engine.Hosting;

[GenerateSerializer, Alias("engine.TenantSlaState")]
public sealed class TenantSlaState
{
    [Id(0)] public TenantSlaSettings Settings { get; set; } = TenantSlaSettings.None;
}

public sealed class TenantSlaGrain(
    [PersistentState("sla", EngineStorage.Name)] IPersistentState<TenantSlaState> state,
    SlaDirectory directory) : Grain, ITenantSlaGrain
{
    public Task<TenantSlaSettings> Settings() => Task.FromResult(state.State.Settings);

    public async Task SetPolicies(IReadOnlyList<SlaPolicy> policies)
    {
        // A calendar that cannot be built must fail here, not inside every conversation that picks the policy.
        foreach (var policy in policies)
            if (policy.BusinessHours is { } hours) _ = new BusinessCalendar(hours);
        state.State.Settings = state.State.Settings with { Policies = policies.ToList() };
        await state.WriteStateAsync();
        directory.Forget(this.GetPrimaryKeyString());
    }

    public async Task SetAutoResolveAfter(TimeSpan? after)
    {
        state.State.Settings = state.State.Settings with { AutoResolveAfter = after };
        await state.WriteStateAsync();
        directory.Forget(this.GetPrimaryKeyString());
    }
}

/// <summary>
/// A per-silo cache of tenants' SLA settings, so a conversation evaluates its SLA on every message without a grain
/// call each time. A change is seen by every silo within <see cref="Lifetime"/>.
/// </summary>
public sealed class SlaDirectory(IGrainFactory grains)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (long Until, TenantSlaSettings Settings, IReadOnlyDictionary<string, SlaEvaluator> Evaluators)> _tenants = new();

    public async ValueTask<TenantSlaSettings> Settings(string tenant) => (await Entry(tenant)).Settings;

    /// <summary>The evaluator of the policy that covers a conversation of this kind, or null when none does.</summary>
    public async ValueTask<SlaEvaluator?> EvaluatorFor(string tenant, Engine.Conversations.ChannelKind channel,
        Engine.Conversations.Visibility visibility, Engine.Conversations.Priority priority)
    {
        var entry = await Entry(tenant);
        return SlaEvaluator.Choose(entry.Settings.Policies, channel, visibility, priority) is { } policy
            ? entry.Evaluators[policy.Name] : null;
    }

    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);

    private async ValueTask<(long Until, TenantSlaSettings Settings, IReadOnlyDictionary<string, SlaEvaluator> Evaluators)> Entry(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var hit) && hit.Until > Environment.TickCount64) return hit;
        var settings = await grains.GetGrain<ITenantSlaGrain>(tenant).Settings();
        // Calendars are built once per load, not per evaluation.
        var evaluators = settings.Policies.GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new SlaEvaluator(g.First()), StringComparer.Ordinal);
        var entry = (Environment.TickCount64 + (long)Lifetime.TotalMilliseconds, settings, (IReadOnlyDictionary<string, SlaEvaluator>)evaluators);
        _tenants[tenant] = entry;
        return entry;
    }
}
