namespace Engine.Tests.Cluster;

using Engine.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

/// <summary>
/// A silo host built by the Silo project's own <see cref="EngineSiloHost.ConfigureEngineSilo"/>, on loopback and
/// free ports, so these tests exercise the production configuration rather than a test double of it.
/// </summary>
public sealed class PostgresSilo : IAsyncDisposable
{
    private readonly IHost host;

    private PostgresSilo(IHost host, SiloHostOptions options)
    {
        this.host = host;
        Options = options;
    }

    public SiloHostOptions Options { get; }

    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => host.Services;

    public static async Task<PostgresSilo> StartAsync(string connectionString, string clusterId)
    {
        var options = new SiloHostOptions
        {
            ClusterId = clusterId,
            ServiceId = "engine-tests",
            ConnectionString = connectionString,
            SiloPort = FreePorts.Next(),
            GatewayPort = FreePorts.Next(),
            Loopback = true,
            MaxPoolSize = 10,
        };

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.ConfigureEngineSilo(options);
            // Orleans refuses reminder periods under a minute by default; tests cannot wait that long.
            silo.Configure<ReminderOptions>(r => r.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });

        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await host.StartAsync(timeout.Token);
        return new PostgresSilo(host, options);
    }

    /// <summary>Graceful stop: the silo marks itself dead in the membership table and hands its work over.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }
}
