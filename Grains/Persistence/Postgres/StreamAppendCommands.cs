namespace Engine.Persistence.Postgres;

using Npgsql;

/// <summary>
/// Real-time stream appends on PostgreSQL: one stream's as a two-statement batch (rows by <c>unnest</c>, the rows past
/// the window dropped), or many streams' as one call of <c>engine_append_realtime</c> (scripts 0011, 0013). Either way one
/// round trip and one implicit transaction.
/// </summary>
public static class StreamAppendCommands
{
    private const string UniqueViolation = "23505";
    private static readonly IReadOnlySet<int> NoConflicts = new HashSet<int>();
    private static readonly IReadOnlySet<int> FirstConflicts = new HashSet<int> { 0 };

    /// <summary>Writes the appends and returns the positions (0-based) of those refused because a number was taken.</summary>
    public static async Task<IReadOnlySet<int>> Execute(NpgsqlDataSource dataSource, IReadOnlyList<PendingStreamAppend> appends,
        CancellationToken cancellationToken)
    {
        if (appends.Count == 1)
            return await ExecuteOne(dataSource, appends[0], cancellationToken) ? NoConflicts : FirstConflicts;
        await using var command = dataSource.CreateCommand("SELECT engine_append_realtime($1, $2, $3, $4, $5, $6, $7)");
        Add(command, appends.Select(a => a.Stream).ToArray());
        Add(command, appends.Select(a => a.Sequences.Length).ToArray());
        Add(command, appends.Select(a => a.DropAfter).ToArray());
        Add(command, appends.Select(a => a.DropThrough).ToArray());
        Add(command, appends.SelectMany((a, i) => Enumerable.Repeat(i + 1, a.Sequences.Length)).ToArray());
        Add(command, appends.SelectMany(a => a.Sequences).ToArray());
        Add(command, appends.SelectMany(a => a.Payloads).ToArray());
        var conflicted = (int[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return conflicted.Select(i => i - 1).ToHashSet();
    }

    /// <summary>One stream's append; false if one of its numbers is already stored (nothing of it is then kept).</summary>
    public static async Task<bool> ExecuteOne(NpgsqlDataSource dataSource, PendingStreamAppend append, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO engine_realtime_events (stream, seq, payload)
            SELECT $1, e.seq, e.payload FROM unnest($2::bigint[], $3::bytea[]) AS e(seq, payload)
            """);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = append.Stream });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = append.Sequences });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = append.Payloads });
        batch.BatchCommands.Add(insert);
        if (append.DropThrough > 0)
        {
            var drop = new NpgsqlBatchCommand("DELETE FROM engine_realtime_events WHERE stream = $1 AND seq > $2 AND seq <= $3");
            drop.Parameters.Add(new NpgsqlParameter<string> { TypedValue = append.Stream });
            drop.Parameters.Add(new NpgsqlParameter<long> { TypedValue = append.DropAfter });
            drop.Parameters.Add(new NpgsqlParameter<long> { TypedValue = append.DropThrough });
            batch.BatchCommands.Add(drop);
        }
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "engine_realtime_events_pk")
        {
            return false;
        }
    }

    private static void Add<T>(NpgsqlCommand command, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });
}
