namespace Engine.Feed;

/// <summary>One event on a tenant's supervisor feed, numbered in the order the feed took it.</summary>
/// <param name="Key">What makes two publications the same event: publishing the same key twice stores it once.</param>
[GenerateSerializer, Alias("engine.FeedEvent")]
public sealed record FeedEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Key,
    [property: Id(4)] Guid? ConversationId,
    [property: Id(5)] string Text);

[GenerateSerializer, Alias("engine.FeedPage")]
public sealed record FeedPage(
    [property: Id(0)] IReadOnlyList<FeedEvent> Events,
    [property: Id(1)] long LastSequence,
    [property: Id(2)] long OldestKept);

/// <summary>
/// A tenant's supervisor feed (alerts, SLA notifications): events with a per-feed sequence number, so a client that
/// reconnects asks for what came after its last number and gets exactly the missed ones. Key: tenant.
/// </summary>
[Alias("engine.ISupervisorFeedGrain")]
public interface ISupervisorFeedGrain : IGrainWithStringKey
{
    /// <param name="reason">Why, for the metric's <c>engine.alert.reason</c> tag (e.g. <c>engagement-spike</c>); the kind when null.</param>
    /// <returns>The event's sequence number (the earlier one when the key was already published).</returns>
    Task<long> Publish(string kind, string key, Guid? conversationId, string text, string? reason = null);

    Task<FeedPage> After(long sequence, int limit);
}
