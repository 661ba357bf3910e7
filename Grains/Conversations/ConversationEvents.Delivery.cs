namespace Engine.Conversations;

/// <summary>An outbound message was written to the outbox, in the same append as the message itself.</summary>
[GenerateSerializer, Alias("engine.ev.DeliveryQueued")]
public sealed record DeliveryQueued(
    DateTimeOffset At,
    [property: Id(0)] int ThreadId,
    [property: Id(1)] string MessageId,
    [property: Id(2)] string IdempotencyKey) : ConversationEvent(At);

/// <summary>The endpoint accepted the message.</summary>
[GenerateSerializer, Alias("engine.ev.DeliverySent")]
public sealed record DeliverySent(
    DateTimeOffset At,
    [property: Id(0)] string MessageId,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string? RemoteMessageId) : ConversationEvent(At);

/// <summary>The endpoint refused the message for good, or it could not be delivered before the outbox gave up.</summary>
[GenerateSerializer, Alias("engine.ev.DeliveryFailed")]
public sealed record DeliveryFailed(
    DateTimeOffset At,
    [property: Id(0)] string MessageId,
    [property: Id(1)] int Attempts,
    [property: Id(2)] string Reason) : ConversationEvent(At);
