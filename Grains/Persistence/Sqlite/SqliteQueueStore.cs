namespace Engine.Persistence.Sqlite;

using Engine.Routing;
using Microsoft.Data.Sqlite;

/// <summary>Queue partitions in the embedded SQLite file: one row per entry and per agent, changed row by row.</summary>
public sealed class SqliteQueueStore(SqliteDatabase database, StoredPayloads payloads) : IQueueStore
{
    private const string Where = "tenant = $tenant AND queue_id = $queue AND partition = $partition";

    public async Task<StoredPartition> Load(PartitionAddress partition, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        // One read transaction, so entries, agents and the count come from the same state of the file.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var entries = new List<StoredQueueEntry>();
        await using (var command = Command(connection, transaction, partition, $"SELECT payload FROM queue_entries WHERE {Where}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                entries.Add(payloads.State<StoredQueueEntry>((byte[])reader[0]));

        var agents = new List<string>();
        await using (var command = Command(connection, transaction, partition, $"SELECT agent_id FROM queue_agents WHERE {Where}"))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                agents.Add(reader.GetString(0));

        await using var count = Command(connection, transaction, partition, $"SELECT assigned FROM queue_partitions WHERE {Where}");
        var assigned = await count.ExecuteScalarAsync(cancellationToken) is long n ? n : 0;
        return new StoredPartition(entries, agents, assigned);
    }

    public async Task Write(PartitionAddress partition, PartitionChanges changes, CancellationToken cancellationToken)
    {
        // Serialized here, on the caller's thread: the group writer's one thread only runs statements.
        var upserted = changes.Upserted.Select(e => (Id: Key(e.Ticket.ConversationId), Payload: payloads.State(e))).ToArray();
        var removed = changes.Removed.Select(Key).ToArray();
        var agentsAdded = changes.AgentsAdded.ToArray();
        var agentsRemoved = changes.AgentsRemoved.ToArray();
        await database.Write(session =>
        {
            var upsert = Command(session, partition, """
                INSERT INTO queue_entries (tenant, queue_id, partition, conversation_id, payload)
                VALUES ($tenant, $queue, $partition, $id, $payload)
                ON CONFLICT (tenant, queue_id, partition, conversation_id) DO UPDATE SET payload = excluded.payload
                """);
            var id = upsert.Parameters.Add("$id", SqliteType.Text);
            var payload = upsert.Parameters.Add("$payload", SqliteType.Blob);
            foreach (var entry in upserted)
            {
                id.Value = entry.Id;
                payload.Value = entry.Payload;
                upsert.ExecuteNonQuery();
            }
            ForEach(session, partition, $"DELETE FROM queue_entries WHERE {Where} AND conversation_id = $value", removed);
            ForEach(session, partition,
                "INSERT INTO queue_agents (tenant, queue_id, partition, agent_id) VALUES ($tenant, $queue, $partition, $value) ON CONFLICT DO NOTHING",
                agentsAdded);
            ForEach(session, partition, $"DELETE FROM queue_agents WHERE {Where} AND agent_id = $value", agentsRemoved);
            var count = Command(session, partition, """
                INSERT INTO queue_partitions (tenant, queue_id, partition, assigned) VALUES ($tenant, $queue, $partition, $assigned)
                ON CONFLICT (tenant, queue_id, partition) DO UPDATE SET assigned = excluded.assigned
                """);
            count.Parameters.AddWithValue("$assigned", changes.Assigned);
            return count.ExecuteNonQuery();
        }, cancellationToken);
    }

    private static void ForEach(SqliteWriteSession session, PartitionAddress partition, string sql, string[] values)
    {
        if (values.Length == 0) return;
        var command = Command(session, partition, sql);
        var value = command.Parameters.Add("$value", SqliteType.Text);
        foreach (var v in values)
        {
            value.Value = v;
            command.ExecuteNonQuery();
        }
    }

    /// <summary>The session's command for <paramref name="sql"/> (kept by the session: not disposed here).</summary>
    private static SqliteCommand Command(SqliteWriteSession session, PartitionAddress partition, string sql) =>
        Parameters(session.Command(sql), partition);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, PartitionAddress partition, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Parameters(command, partition);
    }

    private static SqliteCommand Parameters(SqliteCommand command, PartitionAddress partition)
    {
        command.Parameters.AddWithValue("$tenant", partition.Tenant);
        command.Parameters.AddWithValue("$queue", partition.QueueId);
        command.Parameters.AddWithValue("$partition", partition.Partition);
        return command;
    }

    private static string Key(Guid id) => id.ToString("D");
}
