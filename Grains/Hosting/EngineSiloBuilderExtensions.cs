namespace Engine.Hosting;

using Engine.Conversations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>The one place that says how an engine silo is built, used by the Silo host, the Gateway's embedded mode and tests.</summary>
public static class EngineSiloBuilderExtensions
{
    public static ISiloBuilder AddEngine(this ISiloBuilder silo, IConfiguration? configuration = null)
    {
        var options = silo.Services.AddOptions<EngineOptions>();
        if (configuration is not null)
            options.Bind(configuration.GetSection(EngineOptions.Section));

        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<IConversationStore, InMemoryConversationStore>();
        silo.AddMemoryGrainStorage(EngineStorage.Name);
        return silo;
    }
}
