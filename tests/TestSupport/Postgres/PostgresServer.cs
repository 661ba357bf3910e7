namespace Engine.Tests.Postgres;

using Npgsql;

/// <summary>
/// The PostgreSQL server the tests use: the connection string in <c>ENGINE_TEST_POSTGRES</c>, or else the one
/// <c>scripts/postgres.sh</c> wrote to <c>.pgtest/connection</c>. Tests never share a database: each test class
/// creates its own with a random name (the connection's user needs CREATEDB).
/// </summary>
public static class PostgresServer
{
    public const string Variable = "ENGINE_TEST_POSTGRES";

    public static string? ConnectionString { get; } = Find();

    /// <summary>Why PostgreSQL tests cannot run here, or null when a server is configured.</summary>
    public static string? UnavailableReason => ConnectionString is null
        ? $"No PostgreSQL configured: run `scripts/postgres.sh` (or set {Variable} to an Npgsql connection string)."
        : null;

    /// <summary>CI must run every test, so there a missing server fails the tests instead of skipping them.</summary>
    public static bool MustRun => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RequireConnectionString() =>
        ConnectionString ?? throw new InvalidOperationException(UnavailableReason);

    /// <summary>Creates an empty database with a random name and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using (var admin = await OpenAdminAsync())
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin))
            await create.ExecuteNonQueryAsync();

        return new NpgsqlConnectionStringBuilder(RequireConnectionString()) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(RequireConnectionString()) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL at {builder.Host}:{builder.Port} is configured but not reachable ({e.Message}). Start it with `scripts/postgres.sh`.", e);
        }
        return connection;
    }

    private static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return fromEnvironment.Trim();

        var written = Path.Combine(RepositoryPaths.Root, ".pgtest", "connection");
        return File.Exists(written) ? File.ReadAllText(written).Trim() : null;
    }
}
