namespace Engine.Gateway.Realtime;

using System.Text.Json;
using System.Text.Json.Serialization;

public static class RealtimeSetup
{
    public static void AddEngineRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RealtimeOptions>(builder.Configuration.GetSection(RealtimeOptions.Section));
        builder.Services.AddSignalR().AddJsonProtocol(o =>
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        builder.Services.AddSingleton<RealtimeFanout>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RealtimeFanout>());
    }

    public static IEndpointRouteBuilder MapEngineRealtime(this IEndpointRouteBuilder app)
    {
        app.MapHub<EventsHub>("/hubs/events").RequireAuthorization();
        return app;
    }
}
