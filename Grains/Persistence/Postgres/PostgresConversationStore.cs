namespace Engine.Persistence.Postgres;

using Engine.Conversations;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// Conversations on PostgreSQL (tables of schema script 0005, the message index of 0012). Each call is one round trip.
/// With a <see cref="GroupCommitWriter"/>, appends of many conversations share one round trip and one transaction
/// (scripts 0009, 0012); without one, an append sends its event rows, list row and message index rows as one batch,
/// one implicit transaction of its own.
/// </summary>
public sealed class PostgresConversationStore(NpgsqlDataSource dataSource, StoredPayloads payloads, GroupCommitWriter? groupCommit = null)
    : IConversationStore
{
    public async Task<ConversationLogRead> Load(Guid conversationId, CancellationToken cancellationToken)
    {
        // One statement, so the snapshot and the tail after it are read from the same database snapshot.
        await using var command = dataSource.CreateCommand("""
            WITH s AS (SELECT version, payload FROM engine_conversation_snapshots WHERE conversation_id = $1)
            SELECT 0 AS part, version AS seq, payload FROM s
            UNION ALL
            SELECT 1, e.seq, e.payload FROM engine_conversation_events e
            WHERE e.conversation_id = $1 AND e.seq > COALESCE((SELECT version FROM s), 0)
            ORDER BY part, seq
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = conversationId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        ConversationSnapshot? snapshot = null;
        var events = new List<ConversationEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var payload = reader.GetFieldValue<byte[]>(2);
            if (reader.GetInt32(0) == 0) snapshot = payloads.Snapshot(payload);
            else events.Add(payloads.Event(payload));
        }
        return new ConversationLogRead(snapshot, events);
    }

    public async Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events,
        ConversationSummary summary, IReadOnlyList<IndexedMessage> messages, CancellationToken cancellationToken)
    {
        var append = GroupAppendCommand.Prepare(payloads, conversationId, expectedVersion, events, summary, messages);
        if (groupCommit is not null)
            await groupCommit.Append(append, cancellationToken);
        else
            await SingleAppendCommand.Execute(dataSource, append, cancellationToken);
    }

    public async Task<MessageThread?> FindMessage(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT thread_key, conversation_id FROM engine_message_index WHERE tenant = $1 AND channel = $2 AND message_id = $3");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = channel.ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = platformMessageId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MessageThread(reader.GetString(0), reader.GetFieldValue<Guid>(1)) : null;
    }

    public async Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO engine_conversation_snapshots (conversation_id, version, payload) VALUES ($1, $2, $3)
            ON CONFLICT (conversation_id) DO UPDATE SET version = excluded.version, payload = excluded.payload, taken_at = now()
            WHERE excluded.version > engine_conversation_snapshots.version
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = conversationId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = snapshot.Version });
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payloads.Snapshot(snapshot) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {ConversationRows.Columns} FROM engine_conversations
            WHERE tenant = $1
              AND ($2::integer IS NULL OR status = $2)
              AND ($3::text IS NULL OR strpos(channels, $3) > 0)
              AND ($4::timestamptz IS NULL OR updated_at >= $4)
              AND ($5::timestamptz IS NULL OR (updated_at, id) < ($5, $6::uuid))
              AND ($8::boolean IS NULL OR listening = $8)
            ORDER BY updated_at DESC, id DESC
            LIMIT $7
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Status is { } s ? (int)s : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Channel is { } c ? ConversationRows.ChannelNeedle(c) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = query.UpdatedSince is { } since ? since.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.After is { } after ? after.UpdatedAt.ToUniversalTime() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = query.After is { } a ? a.Id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = query.Limit + 1 });
        command.Parameters.Add(new NpgsqlParameter { Value = query.Listening is { } l ? l : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Boolean });

        var items = new List<ConversationSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            items.Add(ConversationRows.Read(reader, (r, i) => r.GetFieldValue<Guid>(i), (r, i) => r.GetFieldValue<DateTimeOffset>(i)));
        return ConversationOrder.Trim(items, query.Limit);
    }

    public async Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT tenant, status, count(*) FROM engine_conversations GROUP BY tenant, status");
        var counts = new List<ConversationStatusCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts.Add(new ConversationStatusCount(reader.GetString(0), (ConversationStatus)reader.GetInt32(1), reader.GetInt64(2)));
        return counts;
    }
}
