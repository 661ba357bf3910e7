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
        // The Orleans providers and the engine's stores keep no session state on a connection, so a pooled one needs no
        // DISCARD ALL when it is handed back: with the reset, every grain-state read or write cost a second round trip
        // (one DISCARD ALL per storage call, counted with pg_stat_statements in the durable-ingest bench).
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    // Npgsql accepts the key with or without spaces ("Maximum Pool Size", "MaxPoolSize").
    private static bool SetsPoolSize(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => PoolSizeKeys.Contains(key.Replace(" ", "").ToLowerInvariant()));
}
