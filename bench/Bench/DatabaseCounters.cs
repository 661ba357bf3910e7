namespace Engine.Bench;

using Npgsql;

/// <summary>PostgreSQL's own counters, read around a run to count what the engine asked of the database.</summary>
public static class DatabaseCounters
{
    /// <summary>Committed transactions of this database; every autocommit statement or batch is one.</summary>
    public static async Task<long> Commits(string connection)
    {
        // An idle backend reports its counters to the statistics system within 10 seconds (PostgreSQL 15).
        await Task.Delay(TimeSpan.FromSeconds(11));
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
