namespace Engine.Silo.Schema;

using Npgsql;

/// <summary>
/// Brings a PostgreSQL database up to the engine's schema: applies each embedded script not yet recorded in
/// <c>engine_schema_version</c>, one transaction per script, so a failed script leaves nothing half-applied.
/// Several silos may start at once; an advisory lock makes them take turns, and the second one finds nothing to do.
/// </summary>
public sealed class SchemaMigrator(string connectionString, TextWriter? log = null)
{
    // Arbitrary but fixed: every migrator of this schema contends on the same advisory lock.
    private const long AdvisoryLockKey = 0x456E67696E65; // "Engine"

    private readonly TextWriter log = log ?? TextWriter.Null;

    /// <summary>Applies the pending scripts and returns the versions it applied (empty when already up to date).</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(IReadOnlyList<SchemaScript>? scripts = null, CancellationToken cancellationToken = default)
    {
        scripts ??= SchemaScript.PostgreSql;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS engine_schema_version
                (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var newlyApplied = new List<int>();
            foreach (var script in scripts)
            {
                if (applied.TryGetValue(script.Version, out var checksum))
                {
                    if (checksum != script.Checksum)
                        throw new InvalidOperationException(
                            $"Schema script {script.Version:D4}_{script.Name} was changed after it was applied. Add a new script instead of editing an applied one.");
                    continue;
                }

                await ApplyAsync(connection, script, cancellationToken);
                newlyApplied.Add(script.Version);
                log.WriteLine($"applied {script.Version:D4}_{script.Name}");
            }

            if (newlyApplied.Count == 0)
                log.WriteLine("schema is up to date");
            return newlyApplied;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);

        await using var record = new NpgsqlCommand(
            "INSERT INTO engine_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)", connection, transaction);
        record.Parameters.AddWithValue("version", script.Version);
        record.Parameters.AddWithValue("name", script.Name);
        record.Parameters.AddWithValue("checksum", script.Checksum);
        await record.ExecuteNonQueryAsync(cancellationToken);

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM engine_schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
            applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
