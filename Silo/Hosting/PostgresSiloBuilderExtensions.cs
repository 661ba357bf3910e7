namespace Engine.Silo.Hosting;

using Engine.Hosting;
using Microsoft.Extensions.Configuration;

public static class PostgresSiloBuilderExtensions
{
    /// <summary>
    /// The engine on PostgreSQL: ADO.NET clustering, grain storage under <see cref="EngineStorage.Name"/> and durable
    /// reminders, all on one database prepared by <c>migrate</c>; then <see cref="EngineSiloBuilderExtensions.AddEngine"/>,
    /// which sees the "engine" storage taken and does not add its in-memory default.
    /// </summary>
    public static ISiloBuilder AddEnginePostgres(this ISiloBuilder silo, string connectionString, IConfiguration? configuration = null)
    {
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresConnectionString.Invariant;
            options.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage(EngineStorage.Name, options =>
        {
            options.Invariant = PostgresConnectionString.Invariant;
            options.ConnectionString = connectionString;
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = PostgresConnectionString.Invariant;
            options.ConnectionString = connectionString;
        });
        silo.AddPostgresStores(connectionString);
        return silo.AddEngine(configuration);
    }
}
