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

    /// <summary>Looks in the file's grain state (<see cref="SqliteGrainStorage"/>).</summary>
    public async Task<bool> MayHoldLegacyStreams(CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM grain_state WHERE state_name = $name)";
        command.Parameters.AddWithValue("$name", RealtimeStreamGrain.LegacyStateName);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! != 0;
    }

    public async Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough, CancellationToken cancellationToken)
    {
        // Serialized here, on the caller's thread: the group writer's one thread only runs statements.
        var rows = events.Select(e => (e.Sequence, Payload: payloads.State(e))).ToArray();
        await database.Write(session =>
        {
            var insert = session.Command("INSERT INTO realtime_events (stream, seq, payload) VALUES ($stream, $seq, $payload)");
            insert.Parameters.AddWithValue("$stream", stream);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
            foreach (var row in rows)
            {
                seq.Value = row.Sequence;
                payload.Value = row.Payload;
                try
                {
                    insert.ExecuteNonQuery();
                }
                catch (SqliteException x) when (x.SqliteErrorCode == UniqueViolation)
                {
                    throw new RealtimeSequenceConflictException(stream, row.Sequence);
                }
            }
            if (dropThrough > 0)
            {
                var drop = session.Command("DELETE FROM realtime_events WHERE stream = $stream AND seq > $after AND seq <= $through");
                drop.Parameters.AddWithValue("$stream", stream);
                drop.Parameters.AddWithValue("$after", dropAfter);
                drop.Parameters.AddWithValue("$through", dropThrough);
                drop.ExecuteNonQuery();
            }
            return true;
        }, cancellationToken);
    }
}
