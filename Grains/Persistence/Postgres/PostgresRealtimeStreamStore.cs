namespace Engine.Persistence.Postgres;

using Engine.Realtime;
using Npgsql;

/// <summary>
/// Real-time streams on PostgreSQL (table of schema script 0010). A write adds the new rows and drops those past the
/// window in one transaction; with a <see cref="RealtimeGroupWriter"/> the writes of many streams share one.
/// </summary>
public sealed class PostgresRealtimeStreamStore(NpgsqlDataSource dataSource, StoredPayloads payloads, RealtimeGroupWriter? groupWriter = null)
    : IRealtimeStreamStore
{
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

    /// <summary>Looks in the Orleans ADO.NET storage table (schema script 0003), where it keeps the state name as the type.</summary>
    public async Task<bool> MayHoldLegacyStreams(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM OrleansStorage WHERE GrainTypeString = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = RealtimeStreamGrain.LegacyStateName });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task Append(string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough, CancellationToken cancellationToken)
    {
        var append = PendingStreamAppend.Prepare(payloads, stream, events, dropAfter, dropThrough);
        if (groupWriter is not null)
            await groupWriter.Append(append, cancellationToken);
        else if (!await StreamAppendCommands.ExecuteOne(dataSource, append, cancellationToken))
            throw append.Conflict();
    }
}
