namespace Engine.Gateway.Channels;

using System.Text.Json;
using Engine.Conversations;

/// <summary>What an adapter made of one delivery: the messages to ingest, and the entries it had no use for.</summary>
/// <param name="Controls">Hand-overs between apps on a thread (Messenger's hand-over protocol).</param>
/// <param name="Engagement">A post's public counters as the platform reported them (X <c>favorite_events</c>).</param>
public sealed record ChannelTranslation(IReadOnlyList<InboundMessage> Messages, int Ignored, IReadOnlyList<ThreadControlChange>? Controls = null,
    IReadOnlyList<Engine.Insight.EngagementUpdate>? Engagement = null);

/// <summary>A delivery whose JSON does not have the shape its platform documents, with the JSON path at fault.</summary>
public sealed class ChannelPayloadException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}

/// <summary>Reading platform JSON with errors that name the path, shared by the adapters.</summary>
public static class PlatformJson
{
    public static JsonElement Required(JsonElement parent, string name, string path, JsonValueKind kind)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
            throw new ChannelPayloadException($"{path}.{name}", $"Expected {Describe(kind)} at {path}.{name}.");
        return value;
    }

    public static string RequiredString(JsonElement parent, string name, string path)
    {
        var value = Required(parent, name, path, JsonValueKind.String).GetString();
        return string.IsNullOrWhiteSpace(value) ? throw new ChannelPayloadException($"{path}.{name}", $"Empty {path}.{name}.") : value;
    }

    public static string? OptionalString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    public static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == kind ? value : null;

    /// <summary>A platform clock that is plainly wrong (placeholder data, 1970) gives way to the time of receipt.</summary>
    public static DateTimeOffset Plausible(DateTimeOffset platform, DateTimeOffset received) =>
        platform < new DateTimeOffset(2006, 3, 21, 0, 0, 0, TimeSpan.Zero) || platform > received.AddDays(1) ? received : platform;

    /// <summary>Milliseconds since 1970 as a platform sends them; a value no clock can hold is as wrong as 1970 itself.</summary>
    public static DateTimeOffset PlausibleMillis(long millis, DateTimeOffset received) =>
        millis is < 0 or > 253_402_300_799_999 ? received : Plausible(DateTimeOffset.FromUnixTimeMilliseconds(millis), received);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
