namespace Engine.Silo.Hosting;

using System.Net;
using Engine.Silo.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

/// <summary>Builds the standalone silo host. Tests use the same code with their own options.</summary>
public static class EngineSiloHost
{
    public static HostApplicationBuilder CreateBuilder(string[]? args = null)
    {
        // The content root is the program's folder so appsettings.json is found whatever the working directory.
        return Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
        });
    }

    public static SiloHostOptions ReadOptions(IConfiguration configuration) =>
        configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new();

    /// <summary>Everything a production silo needs: identity, endpoints, and the PostgreSQL store.</summary>
    public static ISiloBuilder ConfigureEngineSilo(this ISiloBuilder silo, SiloHostOptions options, IConfiguration? configuration = null)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });

        if (options.Loopback)
            silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: false);
        else
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort);

        // Orleans' own defaults (about 15 s to detect a dead silo, and more under load) are right for production;
        // `Cluster:Membership:*` lets tests and operators tune them without code.
        if (configuration is not null)
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(SiloHostOptions.MembershipSection));

        var connectionString = PostgresConnectionString.ForSilo(options.RequiredConnectionString, options.MaxPoolSize);
        return silo.AddEnginePostgres(connectionString, configuration);
    }

    /// <summary>Runs a silo until SIGTERM/Ctrl+C, then leaves the cluster gracefully.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var builder = CreateBuilder(args);
        var options = ReadOptions(builder.Configuration);
        if (options.MigrateOnStart)
            await new SchemaMigrator(options.RequiredConnectionString, Console.Out).MigrateAsync(cancellationToken: cancellationToken);

        builder.UseOrleans(silo => silo.ConfigureEngineSilo(options, builder.Configuration));
        builder.AddSiloTelemetry();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return 0;
    }
}
