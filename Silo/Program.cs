using System.CommandLine;
using Engine.Silo.Hosting;
using Engine.Silo.Schema;

var connection = new Option<string?>("--connection", "-c")
{
    Description = "Npgsql connection string; defaults to Cluster:ConnectionString (env Cluster__ConnectionString).",
};

var migrate = new Command("migrate", "Apply the engine's PostgreSQL schema scripts that the database has not run yet.") { connection };
migrate.SetAction(async (parse, cancellationToken) =>
{
    var connectionString = parse.GetValue(connection)
        ?? EngineSiloHost.ReadOptions(EngineSiloHost.CreateBuilder().Configuration).ConnectionString;
    if (string.IsNullOrWhiteSpace(connectionString))
    {
        Console.Error.WriteLine("migrate needs --connection or Cluster__ConnectionString.");
        return 2;
    }
    await new SchemaMigrator(connectionString, Console.Out).MigrateAsync(cancellationToken: cancellationToken);
    return 0;
});

var run = new Command("run", "Run a silo (the default). Settings come from appsettings.json and Cluster__* environment variables.");
run.SetAction((_, cancellationToken) => EngineSiloHost.RunAsync([], cancellationToken));

var root = new RootCommand("Engine silo host.") { migrate, run };
root.SetAction((_, cancellationToken) => EngineSiloHost.RunAsync([], cancellationToken));

// The generic host handles SIGTERM itself and waits for Orleans to leave the cluster; System.CommandLine's own
// handler would end the process 2 seconds after the signal, cutting that graceful shutdown short.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

/// <summary>The silo host's entry point; internal, so that only the Gateway's <c>Program</c> is visible to tests.</summary>
internal sealed partial class Program;
