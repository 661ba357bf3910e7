namespace Engine.Replay;

using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>The engine's wire format: camelCase names, enums as camelCase strings, no nulls left out.</summary>
public static class EngineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };
}
