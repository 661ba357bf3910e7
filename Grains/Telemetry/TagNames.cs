namespace Engine.Telemetry;

/// <summary>
/// Lower-case enum names for metric tags, made once per value: the ingest path tags every message, and
/// <c>ToString().ToLowerInvariant()</c> made two strings per tag each time.
/// </summary>
public static class TagNames<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names =
        Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => v.ToString().ToLowerInvariant());

    public static string Of(TEnum value) => Names.TryGetValue(value, out var name) ? name : value.ToString().ToLowerInvariant();
}
