namespace Engine.Delivery;

using Engine.Conversations;

/// <summary>Where replies of one channel kind leave for: the tenant's integration service or the platform's API.</summary>
/// <param name="BaseUrl">Absolute http(s) URL; messages are POSTed to <c>{BaseUrl}/messages</c>.</param>
/// <param name="AuthHeader">A header sent with each delivery (e.g. <c>Authorization</c>), its value read from the
/// silo's configuration <c>Delivery:Secrets:{SecretName}</c>, so the secret itself is never stored with the tenant.</param>
/// <param name="Timeout">How long one attempt may take.</param>
[GenerateSerializer, Alias("engine.DeliverySettings")]
public sealed record DeliverySettings(
    [property: Id(0)] string BaseUrl,
    [property: Id(1)] string? AuthHeader,
    [property: Id(2)] string? SecretName,
    [property: Id(3)] TimeSpan Timeout)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);
}

/// <summary>A tenant's delivery connectors, one per channel kind. Key: tenant id.</summary>
[Alias("engine.ITenantDeliveryGrain")]
public interface ITenantDeliveryGrain : IGrainWithStringKey
{
    Task<DeliverySettings?> Get(ChannelKind channel);

    Task Set(ChannelKind channel, DeliverySettings settings);
}
