namespace Engine.Persistence.Postgres;

using Engine.Realtime;
using Npgsql;

/// <summary>
/// Real-time streams on PostgreSQL (table of schema script 0010). A write is one batch, which PostgreSQL runs as one
/// implicit transaction: the new rows in one statement, the rows past the window dropped by one index range.
/// </summary>
public sealed class PostgresRealtimeStreamStore(NpgsqlDataSource dataSource, StoredPayloads payloads) : IRealtimeStreamStore
{
    private const string UniqueViolation = "23505";

    public async Task<StoredStream> Load(string stream, int kept, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT payload FROM engine_realtime_events WHERE stream = $1 ORDER BY seq DESC LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = kept });
        var events = new List<RealtimeEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                events.Add(payloads.State<RealtimeEvent>(reader.GetFieldValue<byte[]>(0)));
        events.Reverse();
        return StoredStream.Of(events);
    }

    public async Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropThrough, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO engine_realtime_events (stream, seq, payload)
            SELECT $1, e.seq, e.payload FROM unnest($2::bigint[], $3::bytea[]) AS e(seq, payload)
            """);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        insert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = events.Select(e => e.Sequence).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = events.Select(e => payloads.State(e)).ToArray() });
        batch.BatchCommands.Add(insert);
        if (dropThrough > 0)
        {
            var drop = new NpgsqlBatchCommand("DELETE FROM engine_realtime_events WHERE stream = $1 AND seq <= $2");
            drop.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
            drop.Parameters.Add(new NpgsqlParameter<long> { TypedValue = dropThrough });
            batch.BatchCommands.Add(drop);
        }
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "engine_realtime_events_pk")
        {
            throw new RealtimeSequenceConflictException(stream, events.Count > 0 ? events[0].Sequence : 0);
        }
    }
}
