namespace Engine.Delivery;

using Engine.Conversations;
using Engine.Hosting;

[GenerateSerializer, Alias("engine.TenantDeliveryState")]
public sealed class TenantDeliveryState
{
    [Id(0)] public Dictionary<ChannelKind, DeliverySettings> Channels { get; set; } = [];
}

/// <summary>A tenant's delivery connectors. Read by a conversation only when it has an outbound message to queue,
/// and by an outbox on each pass, so a change is seen at once.</summary>
public sealed class TenantDeliveryGrain(
    [PersistentState("delivery", EngineStorage.Name)] IPersistentState<TenantDeliveryState> state) : Grain, ITenantDeliveryGrain
{
    public Task<DeliverySettings?> Get(ChannelKind channel) => Task.FromResult(state.State.Channels.GetValueOrDefault(channel));

    public async Task Set(ChannelKind channel, DeliverySettings settings)
    {
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException("A delivery base URL is an absolute http or https URL.", nameof(settings));
        if (state.State.Channels.GetValueOrDefault(channel) == settings) return;
        state.State.Channels[channel] = settings;
        await state.WriteStateAsync();
    }
}
