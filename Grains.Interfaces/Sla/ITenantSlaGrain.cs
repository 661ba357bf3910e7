namespace Engine.Sla;

/// <summary>A tenant's SLA settings: its policies, how long a conversation may stay pending on the customer before it
/// resolves itself (null: never), and business hours of queues that keep their own (they replace a business-hours
/// policy's calendar for conversations in that queue).</summary>
[GenerateSerializer, Alias("engine.TenantSlaSettings")]
public sealed record TenantSlaSettings(
    [property: Id(0)] IReadOnlyList<SlaPolicy> Policies,
    [property: Id(1)] TimeSpan? AutoResolveAfter = null,
    [property: Id(2)] IReadOnlyDictionary<string, BusinessHours>? QueueHours = null)
{
    public static readonly TenantSlaSettings None = new([], null);
}

/// <summary>Holds one tenant's SLA settings. Key: tenant id. Conversations read them through a per-silo cache.</summary>
[Alias("engine.ITenantSlaGrain")]
public interface ITenantSlaGrain : IGrainWithStringKey
{
    Task<TenantSlaSettings> Settings();

    Task SetPolicies(IReadOnlyList<SlaPolicy> policies);

    Task SetAutoResolveAfter(TimeSpan? after);

    /// <summary>Sets (or with null removes) a queue's own business hours.</summary>
    Task SetQueueHours(string queueId, BusinessHours? hours);
}
