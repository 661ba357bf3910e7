namespace Engine.Tests.Hosting;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The Gateway in its default embedded mode, in memory, with a silo on ports of its own so several
/// factories can run in one test process.
/// </summary>
public class EngineApiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Cluster:Mode"] = "embedded",
        ["Storage:Provider"] = "memory",
        ["Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
        ["Cluster:SiloPort"] = FreePorts.Next().ToString(),
        ["Cluster:GatewayPort"] = FreePorts.Next().ToString(),
        ["Auth:DemoTenant"] = "false",
    };

    /// <summary>Adds or overrides a configuration value before the host starts.</summary>
    public EngineApiFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Host settings, unlike added configuration sources, are visible while Program.cs builds the silo.
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TestCredentials>());
    }
}

/// <summary>One embedded engine shared by the API tests of a collection; each test uses its own tenant.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<EngineApiFactory>
{
    public const string Name = "api";
}
