namespace Engine.Persistence.Postgres;

using Engine.Conversations;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// One conversation's append as a batch of two or three statements (event rows by <c>unnest</c>, the list row upserted,
/// the message index rows if any), which PostgreSQL runs as one implicit transaction; the events' primary key refuses a
/// stale writer, and then the whole batch, index rows included, is rolled back. Cheaper than the group call, so it also
/// serves a group write that found only one append waiting.
/// </summary>
public static class SingleAppendCommand
{
    private const string UniqueViolation = "23505";

    public static async Task Execute(NpgsqlDataSource dataSource, PendingAppend append, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO engine_conversation_events (conversation_id, seq, event_type, occurred_at, payload)
            SELECT $1, $2 + e.ord, e.event_type, e.occurred_at, e.payload
            FROM unnest($3::text[], $4::timestamptz[], $5::bytea[]) WITH ORDINALITY AS e(event_type, occurred_at, payload, ord)
            """);
        insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = append.ConversationId });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = append.ExpectedVersion });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = append.EventTypes });
        insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = append.OccurredAt });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = append.Payloads });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(UpsertSummary(append.Summary));
        if (append.IndexIds.Length > 0)
            batch.BatchCommands.Add(IndexMessages(append));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == UniqueViolation && e.ConstraintName == "engine_conversation_events_pk")
        {
            throw new ConversationVersionConflictException(append.ConversationId, append.ExpectedVersion);
        }
    }

    /// <summary>First writer wins: an id already indexed keeps its thread (script 0012).</summary>
    private static NpgsqlBatchCommand IndexMessages(PendingAppend append)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO engine_message_index (tenant, channel, message_id, thread_key, conversation_id)
            SELECT $1, m.channel, m.id, m.thread, $2
            FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS m(channel, id, thread, ord)
            ORDER BY 2, 3, m.ord
            ON CONFLICT ON CONSTRAINT engine_message_index_pk DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = append.Summary.Tenant });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = append.ConversationId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = append.IndexChannels });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = append.IndexIds });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = append.IndexThreads });
        return command;
    }

    private static NpgsqlBatchCommand UpsertSummary(ConversationSummary s)
    {
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO engine_conversations ({ConversationRows.Columns})
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status,
                priority = excluded.priority, channels = excluded.channels, message_count = excluded.message_count,
                updated_at = excluded.updated_at, last_preview = excluded.last_preview, assignee = excluded.assignee,
                risk = excluded.risk, listening = excluded.listening
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = s.Id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = s.Tenant });
        command.Parameters.Add(new NpgsqlParameter { Value = s.CustomerId is { } c ? c : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)s.Status });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)s.Priority });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ConversationRows.Channels(s.Channels) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = s.MessageCount });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = s.CreatedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = s.UpdatedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)s.LastMessagePreview ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)s.Assignee ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = s.Risk is { } risk ? risk : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = s.Listening });
        return command;
    }
}
