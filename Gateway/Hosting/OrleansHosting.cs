namespace Engine.Gateway.Hosting;

using System.Net;
using Engine.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Dashboard;

public static class OrleansHosting
{
    /// <summary>Starts a silo in this process (embedded mode) or connects to an external cluster as a client.</summary>
    public static GatewayClusterOptions AddEngineCluster(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayClusterOptions.Section).Get<GatewayClusterOptions>() ?? new();
        if (options.Mode is not ("embedded" or "client"))
            throw new InvalidOperationException($"Cluster:Mode must be 'embedded' or 'client', not '{options.Mode}'.");

        if (options.Embedded)
        {
            var storage = builder.Configuration.GetSection(EngineStorageOptions.Section).Get<EngineStorageOptions>() ?? new();
            options.StorageDescription = storage.Provider == "sqlite"
                ? $"data in {Path.GetFullPath(Path.Combine(storage.DataDirectory, "engine.db"))}"
                : $"{storage.Provider} store";
            builder.UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
                silo.Configure<EndpointOptions>(e => e.AdvertisedIPAddress = IPAddress.Loopback);
                silo.AddEngine(builder.Configuration);
            });
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                // `Cluster:Client:*` tunes how fast the client drops a dead silo's gateway (GatewayListRefreshPeriod)
                // and gives up on a call (ResponseTimeout); Orleans' defaults stay unless set.
                var tuning = builder.Configuration.GetSection(GatewayClusterOptions.ClientSection);
                client.AddActivityPropagation();
                // The references the Gateway asks for on every request (the key check's tenant grain); the embedded
                // silo registers the same cache.
                client.Services.TryAddSingleton<GrainReferences>();
                // A store error from a silo arrives as itself (a DbException, answered 503), not as a codec failure (500).
                client.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
                if (builder.Configuration.GetValue("Dashboard:Enabled", true)) client.AddDashboard();
                client.Services.Configure<GatewayOptions>(tuning);
                client.Services.Configure<ClientMessagingOptions>(tuning);
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    return;
                }
                client.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = options.ClusterId;
                    cluster.ServiceId = options.ServiceId;
                });
                client.UseAdoNetClustering(ado =>
                {
                    ado.Invariant = "Npgsql";
                    ado.ConnectionString = options.ConnectionString;
                });
            });
        }
        return options;
    }
}
