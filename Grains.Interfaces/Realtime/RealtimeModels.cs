namespace Engine.Realtime;

/// <summary>One numbered event of a real-time stream. <see cref="Data"/> is a JSON object, kept as text so that
/// every publisher's shape crosses the wire and storage without a type of its own.</summary>
/// <param name="Key">What makes two publications the same event: a stream stores a key once.</param>
[GenerateSerializer, Alias("engine.RealtimeEvent")]
public sealed record RealtimeEvent(
    [property: Id(0)] string Stream,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string Type,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] Guid? ConversationId,
    [property: Id(5)] string Data,
    [property: Id(6)] string? Key);

/// <summary>An event a publisher hands to a stream, which gives it its number.</summary>
/// <param name="At">When it happened; the stream's clock when null.</param>
[GenerateSerializer, Alias("engine.RealtimePublication")]
public sealed record RealtimePublication(
    [property: Id(0)] string Type,
    [property: Id(1)] Guid? ConversationId,
    [property: Id(2)] string Data,
    [property: Id(3)] string? Key = null,
    [property: Id(4)] DateTimeOffset? At = null);

/// <summary>What a (re)connecting client gets: the kept events after its number, and the newest number.</summary>
/// <param name="Gap">Events after the asked number were dropped already (or the client is ahead of the stream):
/// the client reloads by REST and goes on from <see cref="Latest"/>.</param>
[GenerateSerializer, Alias("engine.RealtimeReplay")]
public sealed record RealtimeReplay(
    [property: Id(0)] IReadOnlyList<RealtimeEvent> Events,
    [property: Id(1)] long Latest,
    [property: Id(2)] bool Gap);

/// <summary>The names of streams and the grain keys that hold them (tenant first, so a key never crosses tenants).</summary>
public static class RealtimeStreams
{
    public const string Presence = "presence";
    public const string Supervisor = "supervisor";

    public static string Key(string tenant, string stream) => $"{tenant}/{stream}";

    public static string Agent(string agentId) => $"agent:{agentId}";

    public static string Conversation(Guid conversationId) => $"conversation:{conversationId:D}";

    public static string WebChat(Guid conversationId) => $"webchat:{conversationId:D}";
}
