namespace Engine.Hosting;

using Engine.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

/// <summary>The one place that says how an engine silo is built, used by the Silo host, the Gateway's embedded mode and tests.</summary>
public static class EngineSiloBuilderExtensions
{
    public static ISiloBuilder AddEngine(this ISiloBuilder silo, IConfiguration? configuration = null)
    {
        var options = silo.Services.AddOptions<EngineOptions>();
        if (configuration is not null)
            options.Bind(configuration.GetSection(EngineOptions.Section));

        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IConversationEventLog, InMemoryConversationEventLog>();
        // In-memory state is the default only: a host that already chose a durable "engine" storage keeps it.
        if (!HasEngineStorage(silo.Services))
            silo.AddMemoryGrainStorage(EngineStorage.Name);
        return silo;
    }

    private static bool HasEngineStorage(IServiceCollection services) =>
        services.Any(d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, EngineStorage.Name));
}
