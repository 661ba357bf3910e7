namespace Engine.Bench;

using System.Net;
using System.Net.Sockets;
using Engine.Hosting;
using Engine.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>An engine silo in this process, on loopback ports of its own, with the store under test.</summary>
public static class BenchSilo
{
    /// <summary>One cluster id per run, so a restarted silo finds its predecessor's membership rows and data.</summary>
    private static readonly string ClusterId = $"bench-{Guid.NewGuid():N}";

    public static async Task<IHost> Start(string store, string? connection, string dataDirectory, int snapshotEvery,
        IReadOnlyDictionary<string, string?>? settings = null, Action<ISiloBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = store,
            ["Storage:DataDirectory"] = dataDirectory,
            ["Engine:SnapshotEvery"] = snapshotEvery.ToString(),
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo =>
        {
            configure?.Invoke(silo);
            if (store == "postgres")
            {
                // Exactly what a production silo runs: ADO.NET clustering, grain storage and reminders, conversations.
                silo.ConfigureEngineSilo(new SiloHostOptions
                {
                    ConnectionString = connection ?? throw new ArgumentException("--connection is required for postgres"),
                    ClusterId = ClusterId, Loopback = true, SiloPort = FreePort(), GatewayPort = FreePort(),
                }, builder.Configuration);
                return;
            }
            silo.UseLocalhostClustering(FreePort(), FreePort(), serviceId: "bench", clusterId: ClusterId);
            silo.AddEngine(builder.Configuration);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
