namespace Engine.Gateway.Hosting;

using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

public static class GatewayJson
{
    /// <summary>Strict JSON: enums as camelCase names only, and unknown fields are an error, not silently dropped.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.PropertyNameCaseInsensitive = false;
    }

    public static void TryAddTimeProvider(this IServiceCollection services) => services.TryAddSingleton(TimeProvider.System);
}
