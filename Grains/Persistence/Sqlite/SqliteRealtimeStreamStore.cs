namespace Engine.Persistence.Sqlite;

using Engine.Realtime;
using Microsoft.Data.Sqlite;

/// <summary>Real-time streams in the embedded SQLite file: one row per event (table <c>realtime_events</c>).</summary>
public sealed class SqliteRealtimeStreamStore(SqliteDatabase database, StoredPayloads payloads) : IRealtimeStreamStore
{
    private const int UniqueViolation = 19; // SQLITE_CONSTRAINT

    public async Task<StoredStream> Load(string stream, int kept, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM realtime_events WHERE stream = $stream ORDER BY seq DESC LIMIT $kept";
        command.Parameters.AddWithValue("$stream", stream);
        command.Parameters.AddWithValue("$kept", kept);
        var events = new List<RealtimeEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                events.Add(payloads.State<RealtimeEvent>((byte[])reader[0]));
        events.Reverse();
        return StoredStream.Of(events);
    }

    public async Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropThrough, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO realtime_events (stream, seq, payload) VALUES ($stream, $seq, $payload)";
            insert.Parameters.AddWithValue("$stream", stream);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            foreach (var e in events)
            {
                seq.Value = e.Sequence;
                payload.Value = payloads.State(e);
                try
                {
                    await insert.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException x) when (x.SqliteErrorCode == UniqueViolation)
                {
                    throw new RealtimeSequenceConflictException(stream, e.Sequence);
                }
            }
        }
        if (dropThrough > 0)
        {
            await using var drop = connection.CreateCommand();
            drop.Transaction = transaction;
            drop.CommandText = "DELETE FROM realtime_events WHERE stream = $stream AND seq <= $through";
            drop.Parameters.AddWithValue("$stream", stream);
            drop.Parameters.AddWithValue("$through", dropThrough);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
