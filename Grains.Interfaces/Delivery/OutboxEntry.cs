namespace Engine.Delivery;

using Engine.Conversations;

/// <summary>One outbound message waiting to leave. <see cref="IdempotencyKey"/> is derived from (conversation, message
/// id), so every retry, re-enqueue or resend after a restart carries the same key. <see cref="TraceParent"/> is the
/// W3C trace context of the command that sent the reply, so its delivery shows in the same trace.</summary>
[GenerateSerializer, Alias("engine.OutboxEntry")]
public sealed record OutboxEntry(
    [property: Id(0)] string IdempotencyKey,
    [property: Id(1)] string Tenant,
    [property: Id(2)] Guid ConversationId,
    [property: Id(3)] ChannelKind Channel,
    [property: Id(4)] Visibility Visibility,
    [property: Id(5)] string ThreadKey,
    [property: Id(6)] string MessageId,
    [property: Id(7)] string? InReplyTo,
    [property: Id(8)] string AuthorId,
    [property: Id(9)] string Text,
    [property: Id(10)] IReadOnlyList<string> Attachments,
    [property: Id(11)] DateTimeOffset QueuedAt,
    [property: Id(12)] string? TraceParent = null);

[GenerateSerializer, Alias("engine.DeliveryOutcome")]
public enum DeliveryOutcome { Sent, Failed }

/// <summary>How a delivery ended, told to the conversation.</summary>
/// <param name="RemoteMessageId">The platform's id for the message, when the endpoint answered one.</param>
[GenerateSerializer, Alias("engine.DeliveryReport")]
public sealed record DeliveryReport(
    [property: Id(0)] string MessageId,
    [property: Id(1)] DeliveryOutcome Outcome,
    [property: Id(2)] int Attempts,
    [property: Id(3)] string? Reason,
    [property: Id(4)] string? RemoteMessageId,
    [property: Id(5)] DateTimeOffset At);

/// <summary>
/// One partition of a tenant's outbox for one channel kind. Key: <c>tenant/channel/partition</c> (see
/// <see cref="DeliveryKeys"/>). It keeps entries durable until their outcome is recorded by their conversation.
/// </summary>
[Alias("engine.IOutboxGrain")]
public interface IOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores the entry (once per idempotency key) before answering; delivery happens after.</summary>
    Task Enqueue(OutboxEntry entry);

    /// <summary>An attempt (with its in-request retries) ended; called by the outbox itself off its turn.</summary>
    Task Attempted(string idempotencyKey, DeliveryAttempt attempt);

    /// <summary>The conversation stored the outcome: the entry may go.</summary>
    Task Reported(string idempotencyKey);

    /// <summary>Entries not yet reported to their conversation.</summary>
    Task<int> Depth();
}

/// <summary>The result of one delivery attempt as the HTTP side saw it.</summary>
[GenerateSerializer, Alias("engine.DeliveryAttempt")]
public sealed record DeliveryAttempt(
    [property: Id(0)] DeliveryAttemptKind Kind,
    [property: Id(1)] string? Reason = null,
    [property: Id(2)] string? RemoteMessageId = null);

/// <summary>Delivered; refused for good (a 4xx other than 408/429, no endpoint); or worth trying again later.</summary>
[GenerateSerializer, Alias("engine.DeliveryAttemptKind")]
public enum DeliveryAttemptKind { Delivered, Permanent, Transient }

public static class DeliveryKeys
{
    /// <summary>Outbox partitions per tenant and channel kind; a conversation's entries always go to the same one.</summary>
    public const int Partitions = 4;

    public static string IdempotencyKey(Guid conversationId, string messageId) => $"{conversationId:N}:{messageId}";

    public static string Outbox(string tenant, ChannelKind channel, Guid conversationId) =>
        $"{tenant}/{channel.ToString().ToLowerInvariant()}/{PartitionOf(conversationId)}";

    /// <summary>Stable across processes (unlike <see cref="object.GetHashCode"/>).</summary>
    public static int PartitionOf(Guid conversationId) => (int)(BitConverter.ToUInt32(conversationId.ToByteArray(), 0) % Partitions);
}
