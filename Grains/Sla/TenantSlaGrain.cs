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

    public async Task SetQueueHours(string queueId, BusinessHours? hours)
    {
        if (hours is not null) _ = new BusinessCalendar(hours);
        var all = new Dictionary<string, BusinessHours>(state.State.Settings.QueueHours ?? new Dictionary<string, BusinessHours>(), StringComparer.Ordinal);
        if (hours is null) all.Remove(queueId); else all[queueId] = hours;
        state.State.Settings = state.State.Settings with { QueueHours = all };
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
/// call each time. A change is seen by every silo within <see cref="Lifetime"/>. Which evaluator covers a kind of
/// conversation (channel, visibility, priority, queue) is worked out once per kind and load, not on every message.
/// </summary>
public sealed class SlaDirectory(IGrainFactory grains)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, TenantEntry> _tenants = new();

    private sealed record TenantEntry(long Until, TenantSlaSettings Settings,
        ConcurrentDictionary<(Engine.Conversations.ChannelKind, Engine.Conversations.Visibility, Engine.Conversations.Priority, string?), SlaEvaluator?> ByKind);

    public async ValueTask<TenantSlaSettings> Settings(string tenant) => (await Entry(tenant)).Settings;

    /// <summary>The evaluator of the policy that covers a conversation of this kind, or null when none does. A policy that
    /// counts business hours counts its queue's own hours when the queue has them.</summary>
    public async ValueTask<SlaEvaluator?> EvaluatorFor(string tenant, Engine.Conversations.ChannelKind channel,
        Engine.Conversations.Visibility visibility, Engine.Conversations.Priority priority, string? queueId = null)
    {
        var entry = await Entry(tenant);
        return entry.ByKind.GetOrAdd((channel, visibility, priority, queueId), static (kind, settings) => Evaluator(settings, kind), entry.Settings);
    }

    private static SlaEvaluator? Evaluator(TenantSlaSettings settings,
        (Engine.Conversations.ChannelKind Channel, Engine.Conversations.Visibility Visibility, Engine.Conversations.Priority Priority, string? QueueId) kind)
    {
        if (SlaEvaluator.Choose(settings.Policies, kind.Channel, kind.Visibility, kind.Priority) is not { } policy) return null;
        var hours = policy.BusinessHours is not null && kind.QueueId is not null ? settings.QueueHours?.GetValueOrDefault(kind.QueueId) : null;
        return new SlaEvaluator(hours is null ? policy : policy with { BusinessHours = hours });
    }

    /// <summary>The evaluator for this conversation: its first thread's kind, its priority and its queue (or last queue).</summary>
    public ValueTask<SlaEvaluator?> EvaluatorFor(Engine.Conversations.ConversationState state)
    {
        if (!state.Started || state.Threads.Count == 0) return ValueTask.FromResult<SlaEvaluator?>(null);
        var first = state.Threads[0];
        return EvaluatorFor(state.Tenant!, first.Channel, first.Visibility, state.Priority, state.QueueId ?? state.LastQueueId);
    }

    public void Forget(string tenant) => _tenants.TryRemove(tenant, out _);

    private async ValueTask<TenantEntry> Entry(string tenant)
    {
        if (_tenants.TryGetValue(tenant, out var hit) && hit.Until > Environment.TickCount64) return hit;
        var settings = await grains.GetGrain<ITenantSlaGrain>(tenant).Settings();
        var entry = new TenantEntry(Environment.TickCount64 + (long)Lifetime.TotalMilliseconds, settings, new());
        _tenants[tenant] = entry;
        return entry;
    }
}
