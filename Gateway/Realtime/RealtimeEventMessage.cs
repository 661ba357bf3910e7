namespace Engine.Gateway.Realtime;

using System.Text.Json;
using Engine.Realtime;

/// <summary>An event as clients receive it (hub method <c>event</c>): the stream's name without the tenant, and data as JSON.</summary>
public sealed record RealtimeEventMessage(string Stream, long Sequence, string Type, DateTimeOffset At, Guid? ConversationId, JsonElement Data)
{
    public static RealtimeEventMessage From(RealtimeEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return new(e.Stream, e.Sequence, e.Type, e.At, e.ConversationId, data.RootElement.Clone());
    }
}

/// <summary>The answer to <c>Subscribe</c>: the kept events after the client's number, the newest number, and whether
/// some were dropped already (then the client reloads by REST).</summary>
public sealed record SubscribeResult(string Stream, IReadOnlyList<RealtimeEventMessage> Events, long Latest, bool Gap);

public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>How often a gateway renews its subscriptions at the stream grains (they expire after 3 minutes), which
    /// is also the longest a stream that moved to another silo goes without reaching this gateway.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
