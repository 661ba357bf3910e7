namespace Engine.Silo.Hosting;

using Engine.Persistence.Postgres;

public static class PostgresConnectionString
{
    /// <summary>The invariant name the Orleans ADO.NET providers use to find Npgsql.</summary>
    public const string Invariant = "Npgsql";

    private static readonly string[] PoolSizeKeys = ["maxpoolsize", "maximumpoolsize"];

    /// <summary>
    /// The connection string the silo's providers share (Npgsql pools per connection string, so one pool per silo),
    /// with a pool bound suited to several silos on one server unless the operator already chose one, and the engine's
    /// connection settings (<see cref="PostgresConnections.Tuned"/>).
    /// </summary>
    public static string ForSilo(string connectionString, int maxPoolSize)
    {
        var builder = PostgresConnections.Tuned(connectionString);
        if (!PostgresConnections.Sets(connectionString, PoolSizeKeys))
            builder.MaxPoolSize = maxPoolSize;
        builder.ApplicationName ??= "engine-silo";
        return builder.ConnectionString;
    }
}
