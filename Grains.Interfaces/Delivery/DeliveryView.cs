namespace Engine.Delivery;

/// <summary>Where an outbound message stands: <c>queued</c>, <c>sent</c> or <c>failed</c> (with the reason).</summary>
[GenerateSerializer, Alias("engine.DeliveryView")]
public sealed record DeliveryView(
    [property: Id(0)] string Status,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string? RemoteMessageId,
    [property: Id(4)] DateTimeOffset At);
