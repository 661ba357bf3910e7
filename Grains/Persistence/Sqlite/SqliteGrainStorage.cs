namespace Engine.Persistence.Sqlite;

using Microsoft.Data.Sqlite;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

/// <summary>
/// Grain state in the embedded SQLite file, one row per grain and state name, with an integer ETag so that a
/// stale activation's write is refused rather than silently overwriting a newer one.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database, StoredPayloads payloads, IActivatorProvider activators) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await database.Open(CancellationToken.None);
        await using var command = Command(connection, "SELECT etag, payload FROM grain_state WHERE state_name = $name AND grain_id = $grain", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            grainState.ETag = reader.GetInt64(0).ToString();
            grainState.State = payloads.State<T>((byte[])reader[1]);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.ETag = null;
            grainState.State = activators.GetActivator<T>().Create();
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = payloads.State(grainState.State);
        var expected = grainState.ETag is { } tag ? long.Parse(tag) : (long?)null;
        // The grain's state object is touched only here, after the commit: the write may run on the writer's thread.
        grainState.ETag = (await database.Write(session => Write(session, stateName, grainId, expected, payload), CancellationToken.None)).ToString();
        grainState.RecordExists = true;
    }

    /// <summary>Inserts the first version or replaces the one read (by ETag); anything else is a stale write, refused.</summary>
    private static long Write(SqliteWriteSession session, string stateName, GrainId grainId, long? expected, byte[] payload)
    {
        if (expected is not { } etag)
        {
            var insert = Command(session,
                "INSERT INTO grain_state (state_name, grain_id, etag, payload) VALUES ($name, $grain, 1, $payload) ON CONFLICT DO NOTHING",
                stateName, grainId);
            insert.Parameters.AddWithValue("$payload", payload);
            if (insert.ExecuteNonQuery() == 0)
                throw new InconsistentStateException($"State {stateName} of {grainId} was written by someone else.", "unknown", "none");
            return 1;
        }
        var update = Command(session,
            "UPDATE grain_state SET etag = $next, payload = $payload WHERE state_name = $name AND grain_id = $grain AND etag = $etag",
            stateName, grainId);
        update.Parameters.AddWithValue("$payload", payload);
        update.Parameters.AddWithValue("$next", etag + 1);
        update.Parameters.AddWithValue("$etag", etag);
        if (update.ExecuteNonQuery() == 0)
            throw new InconsistentStateException($"State {stateName} of {grainId} changed since it was read.", "unknown", etag.ToString());
        return etag + 1;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await database.Write(session =>
        {
            var delete = Command(session, "DELETE FROM grain_state WHERE state_name = $name AND grain_id = $grain", stateName, grainId);
            return delete.ExecuteNonQuery();
        }, CancellationToken.None);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return Parameters(command, stateName, grainId);
    }

    /// <summary>The session's command for <paramref name="sql"/> (kept by the session: not disposed here).</summary>
    private static SqliteCommand Command(SqliteWriteSession session, string sql, string stateName, GrainId grainId) =>
        Parameters(session.Command(sql), stateName, grainId);

    private static SqliteCommand Parameters(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$name", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }
}
