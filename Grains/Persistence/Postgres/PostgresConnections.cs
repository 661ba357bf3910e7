namespace Engine.Persistence.Postgres;

using System.Data.Common;
using Npgsql;

/// <summary>
/// What every engine connection to PostgreSQL sets, unless the operator's connection string already says otherwise.
/// </summary>
public static class PostgresConnections
{
    /// <summary>Statements Npgsql keeps prepared per physical connection: the Orleans providers' queries (membership,
    /// grain state, reminders) and the engine's stores together use a few dozen.</summary>
    public const int AutoPrepared = 64;

    private static readonly string[] AutoPrepareKeys = ["maxautoprepare"];
    private static readonly string[] AutoPrepareUsageKeys = ["autoprepareminusages"];

    public static NpgsqlConnectionStringBuilder Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // The Orleans providers and the engine's stores keep no session state on a connection, so a pooled one
            // needs no DISCARD ALL when it is handed back: with the reset, every grain-state read or write cost a second
            // round trip (one DISCARD ALL per storage call, counted with pg_stat_statements in the durable-ingest bench).
            NoResetOnClose = true,
        };
        // Without it the server parses and plans every statement anew: a new conversation makes ~11 round trips, most
        // of them the Orleans providers' grain-state statements (docs/BENCHMARKS.md, "New conversations per second").
        if (!Sets(connectionString, AutoPrepareKeys)) builder.MaxAutoPrepare = AutoPrepared;
        if (!Sets(connectionString, AutoPrepareUsageKeys)) builder.AutoPrepareMinUsages = 2;
        return builder;
    }

    /// <summary>Whether the string names one of the keys, written with or without spaces ("Max Pool Size", "MaxPoolSize").</summary>
    public static bool Sets(string connectionString, IReadOnlyCollection<string> keys) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => keys.Contains(key.Replace(" ", "").ToLowerInvariant()));
}
