namespace Engine.Silo.Hosting;

using System.Data.Common;
using Npgsql;

public static class PostgresConnectionString
{
    /// <summary>The invariant name the Orleans ADO.NET providers use to find Npgsql.</summary>
    public const string Invariant = "Npgsql";

    private static readonly string[] PoolSizeKeys = ["maxpoolsize", "maximumpoolsize"];

    /// <summary>
    /// The connection string the silo's providers share (Npgsql pools per connection string, so one pool per silo),
    /// with a pool bound suited to several silos on one server unless the operator already chose one.
    /// </summary>
    public static string ForSilo(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!SetsPoolSize(connectionString))
            builder.MaxPoolSize = maxPoolSize;
        builder.ApplicationName ??= "engine-silo";
        return builder.ConnectionString;
    }

    // Npgsql accepts the key with or without spaces ("Maximum Pool Size", "MaxPoolSize").
    private static bool SetsPoolSize(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => PoolSizeKeys.Contains(key.Replace(" ", "").ToLowerInvariant()));
}
