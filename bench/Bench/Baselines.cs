namespace Engine.Bench;

using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// The floor each store stands on, measured in the same run: one durable single-row insert per call on the same
/// server or file, or one bare grain call for memory.
/// </summary>
public static class Baselines
{
    public static async Task<Latencies> PostgresInsert(string connection, int count)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using (var create = dataSource.CreateCommand("CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, payload bytea NOT NULL)"))
            await create.ExecuteNonQueryAsync();
        var latencies = new Latencies("baseline: bare INSERT");
        var payload = new byte[200];
        for (var i = 0; i < count; i++)
        {
            var began = Stopwatch.GetTimestamp();
            await using var insert = dataSource.CreateCommand("INSERT INTO bench_baseline (payload) VALUES ($1)");
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            await insert.ExecuteNonQueryAsync();
            latencies.Add(began);
        }
        return latencies;
    }

    public static async Task<Latencies> SqliteInsert(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "baseline.db")}");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER PRIMARY KEY, payload BLOB NOT NULL);";
            await setup.ExecuteNonQueryAsync();
        }
        var latencies = new Latencies("baseline: bare INSERT");
        var payload = new byte[200];
        for (var i = 0; i < count; i++)
        {
            var began = Stopwatch.GetTimestamp();
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO bench_baseline (payload) VALUES ($payload)";
            insert.Parameters.AddWithValue("$payload", payload);
            await insert.ExecuteNonQueryAsync();
            latencies.Add(began);
        }
        return latencies;
    }

    public static async Task<Latencies> GrainCall(IGrainFactory grains, int count)
    {
        var latencies = new Latencies("baseline: bare grain call");
        var ping = grains.GetGrain<IPingGrain>(Guid.NewGuid());
        for (var i = 0; i < count; i++)
        {
            var began = Stopwatch.GetTimestamp();
            await ping.Ping(i);
            latencies.Add(began);
        }
        return latencies;
    }
}

/// <summary>The smallest possible grain call, as the baseline for the engine's own grain hops.</summary>
[Alias("bench.IPingGrain")]
public interface IPingGrain : IGrainWithGuidKey
{
    Task<int> Ping(int value);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value);
}
