namespace Engine.Persistence.Postgres;

using Engine.Routing;
using Npgsql;

/// <summary>
/// Queue partitions on PostgreSQL (tables of schema script 0007). A write is one batch, which PostgreSQL runs as one
/// implicit transaction: entries upserted (one statement) and deleted (one per key), agents added and removed, the
/// count replaced.
/// </summary>
public sealed class PostgresQueueStore(NpgsqlDataSource dataSource, StoredPayloads payloads) : IQueueStore
{
    private const string Where = "tenant = $1 AND queue_id = $2 AND partition = $3";

    public async Task<StoredPartition> Load(PartitionAddress partition, CancellationToken cancellationToken)
    {
        // One statement, so entries, agents and the count are read from the same database snapshot.
        await using var command = dataSource.CreateCommand($"""
            SELECT 0 AS part, payload, NULL::text AS agent, 0::bigint AS assigned FROM engine_queue_entries WHERE {Where}
            UNION ALL
            SELECT 1, NULL, agent_id, 0 FROM engine_queue_agents WHERE {Where}
            UNION ALL
            SELECT 2, NULL, NULL, assigned FROM engine_queue_partitions WHERE {Where}
            """);
        AddAddress(command.Parameters, partition);
        var entries = new List<StoredQueueEntry>();
        var agents = new List<string>();
        long assigned = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            switch (reader.GetInt32(0))
            {
                case 0: entries.Add(payloads.State<StoredQueueEntry>(reader.GetFieldValue<byte[]>(1))); break;
                case 1: agents.Add(reader.GetString(2)); break;
                default: assigned = reader.GetInt64(3); break;
            }
        }
        return new StoredPartition(entries, agents, assigned);
    }

    public async Task Write(PartitionAddress partition, PartitionChanges changes, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        if (changes.Upserted.Count > 0)
        {
            var upsert = Command(partition, """
                INSERT INTO engine_queue_entries (tenant, queue_id, partition, conversation_id, payload)
                SELECT $1, $2, $3, e.id, e.payload FROM unnest($4::uuid[], $5::bytea[]) AS e(id, payload)
                ON CONFLICT (tenant, queue_id, partition, conversation_id) DO UPDATE SET payload = excluded.payload
                """);
            upsert.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = changes.Upserted.Select(e => e.Ticket.ConversationId).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = changes.Upserted.Select(e => payloads.State(e)).ToArray() });
            batch.BatchCommands.Add(upsert);
        }
        // One DELETE per key, not "= ANY(array)": on a table without statistics yet (a fresh or just bulk-filled
        // one) PostgreSQL plans ANY as a filter over the whole partition's index range, which took 200 ms at 100,000
        // rows; an equality on every key column is always a single index lookup.
        foreach (var id in changes.Removed)
        {
            var delete = Command(partition, $"DELETE FROM engine_queue_entries WHERE {Where} AND conversation_id = $4");
            delete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
            batch.BatchCommands.Add(delete);
        }
        if (changes.AgentsAdded.Count > 0)
        {
            var add = Command(partition, """
                INSERT INTO engine_queue_agents (tenant, queue_id, partition, agent_id)
                SELECT $1, $2, $3, a FROM unnest($4::text[]) AS a ON CONFLICT DO NOTHING
                """);
            add.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = changes.AgentsAdded.ToArray() });
            batch.BatchCommands.Add(add);
        }
        foreach (var agent in changes.AgentsRemoved)
        {
            var remove = Command(partition, $"DELETE FROM engine_queue_agents WHERE {Where} AND agent_id = $4");
            remove.Parameters.Add(new NpgsqlParameter<string> { TypedValue = agent });
            batch.BatchCommands.Add(remove);
        }
        var count = Command(partition, """
            INSERT INTO engine_queue_partitions (tenant, queue_id, partition, assigned) VALUES ($1, $2, $3, $4)
            ON CONFLICT (tenant, queue_id, partition) DO UPDATE SET assigned = excluded.assigned
            """);
        count.Parameters.Add(new NpgsqlParameter<long> { TypedValue = changes.Assigned });
        batch.BatchCommands.Add(count);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(PartitionAddress partition, string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddAddress(command.Parameters, partition);
        return command;
    }

    private static void AddAddress(NpgsqlParameterCollection parameters, PartitionAddress partition)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = partition.Tenant });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = partition.QueueId });
        parameters.Add(new NpgsqlParameter<int> { TypedValue = partition.Partition });
    }
}
