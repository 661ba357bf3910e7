namespace Engine.Silo.Hosting;

using Npgsql;

public static class PostgresConnectionString
{
    /// <summary>The invariant name the Orleans ADO.NET providers use to find Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// The connection string the silo's providers share (Npgsql pools per connection string, so one pool per silo),
    /// with a pool bound suited to several silos on one server unless the operator already chose one.
    /// </summary>
    public static string ForSilo(string connectionString, int maxPoolSize)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
            builder.MaxPoolSize = maxPoolSize;
        builder.ApplicationName ??= "engine-silo";
        return builder.ConnectionString;
    }
}
