namespace Engine.Persistence.Sqlite;

using Engine.Conversations;
using Microsoft.Data.Sqlite;

/// <summary>Conversation events, snapshots, list rows and the message index in the embedded SQLite file.</summary>
public sealed class SqliteConversationStore(SqliteDatabase database, StoredPayloads payloads) : IConversationStore
{
    private const int PrimaryKeyViolation = 1555;

    public async Task<ConversationLogRead> Load(Guid conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        // One read transaction, so the snapshot and the tail after it come from the same state of the file.
        await using var transaction = connection.BeginTransaction(deferred: true);
        ConversationSnapshot? snapshot = null;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT payload FROM conversation_snapshots WHERE conversation_id = $id";
            command.Parameters.AddWithValue("$id", Key(conversationId));
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] bytes)
                snapshot = payloads.Snapshot(bytes);
        }

        var events = new List<ConversationEvent>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT payload FROM conversation_events WHERE conversation_id = $id AND seq > $after ORDER BY seq";
            command.Parameters.AddWithValue("$id", Key(conversationId));
            command.Parameters.AddWithValue("$after", snapshot?.Version ?? 0);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                events.Add(payloads.Event((byte[])reader[0]));
        }
        return new ConversationLogRead(snapshot, events);
    }

    public async Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events,
        ConversationSummary summary, IReadOnlyList<IndexedMessage> messages, CancellationToken cancellationToken)
    {
        // Serialized here, on the caller's thread: the group writer's one thread only runs statements.
        var rows = events.Select(e => (Type: StoredPayloads.TypeName(e), At: e.At.UtcTicks, Payload: payloads.Event(e))).ToArray();
        await database.Write(session =>
        {
            try
            {
                var insert = session.Command("INSERT INTO conversation_events (conversation_id, seq, event_type, occurred_at, payload) VALUES ($id, $seq, $type, $at, $payload)");
                var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
                var type = insert.Parameters.Add("$type", SqliteType.Text);
                var at = insert.Parameters.Add("$at", SqliteType.Integer);
                var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
                insert.Parameters.AddWithValue("$id", Key(conversationId));
                for (var i = 0; i < rows.Length; i++)
                {
                    seq.Value = expectedVersion + i + 1;
                    type.Value = rows[i].Type;
                    at.Value = rows[i].At;
                    payload.Value = rows[i].Payload;
                    insert.ExecuteNonQuery();
                }
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == PrimaryKeyViolation)
            {
                throw new ConversationVersionConflictException(conversationId, expectedVersion);
            }
            UpsertSummary(session, summary);
            // In the append's savepoint: a conflict above rolls these back with the events.
            IndexMessages(session, conversationId, summary.Tenant, messages);
            return true;
        }, cancellationToken);
    }

    public async Task<MessageThread?> FindMessage(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT thread_key, conversation_id FROM message_index WHERE tenant = $tenant AND channel = $channel AND message_id = $id";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$channel", channel.ToString());
        command.Parameters.AddWithValue("$id", platformMessageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MessageThread(reader.GetString(0), Guid.Parse(reader.GetString(1))) : null;
    }

    private static void IndexMessages(SqliteWriteSession session, Guid conversationId, string tenant, IReadOnlyList<IndexedMessage> messages)
    {
        if (messages.Count == 0) return;
        // First writer wins: a message id already indexed keeps its thread.
        var insert = session.Command("""
            INSERT INTO message_index (tenant, channel, message_id, thread_key, conversation_id)
            VALUES ($tenant, $channel, $id, $thread, $conversation) ON CONFLICT DO NOTHING
            """);
        insert.Parameters.AddWithValue("$tenant", tenant);
        insert.Parameters.AddWithValue("$conversation", Key(conversationId));
        var channel = insert.Parameters.Add("$channel", SqliteType.Text);
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var thread = insert.Parameters.Add("$thread", SqliteType.Text);
        foreach (var m in messages)
        {
            channel.Value = m.Channel.ToString();
            id.Value = m.PlatformMessageId;
            thread.Value = m.ThreadKey;
            insert.ExecuteNonQuery();
        }
    }

    public async Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken)
    {
        var bytes = payloads.Snapshot(snapshot);
        await database.Write(session =>
        {
            var command = session.Command("""
                INSERT INTO conversation_snapshots (conversation_id, version, payload) VALUES ($id, $version, $payload)
                ON CONFLICT (conversation_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
                WHERE excluded.version > conversation_snapshots.version
                """);
            command.Parameters.AddWithValue("$id", Key(conversationId));
            command.Parameters.AddWithValue("$version", snapshot.Version);
            command.Parameters.AddWithValue("$payload", bytes);
            return command.ExecuteNonQuery();
        }, cancellationToken);
    }

    public async Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {ConversationRows.Columns} FROM conversations
            WHERE tenant = $tenant
              AND ($status IS NULL OR status = $status)
              AND ($channel IS NULL OR instr(channels, $channel) > 0)
              AND ($since IS NULL OR updated_at >= $since)
              AND ($listening IS NULL OR listening = $listening)
              AND ($cursorAt IS NULL OR updated_at < $cursorAt OR (updated_at = $cursorAt AND id < $cursorId))
            ORDER BY updated_at DESC, id DESC
            LIMIT $limit
            """;
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$status", query.Status is { } s ? (int)s : DBNull.Value);
        command.Parameters.AddWithValue("$channel", query.Channel is { } c ? ConversationRows.ChannelNeedle(c) : DBNull.Value);
        command.Parameters.AddWithValue("$since", query.UpdatedSince is { } since ? since.UtcTicks : DBNull.Value);
        command.Parameters.AddWithValue("$cursorAt", query.After is { } after ? after.UpdatedAt.UtcTicks : DBNull.Value);
        command.Parameters.AddWithValue("$cursorId", query.After is { } a ? Key(a.Id) : DBNull.Value);
        command.Parameters.AddWithValue("$listening", query.Listening is { } l ? (l ? 1 : 0) : DBNull.Value);
        command.Parameters.AddWithValue("$limit", query.Limit + 1);

        var items = new List<ConversationSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            items.Add(ConversationRows.Read(reader, (r, i) => Guid.Parse(r.GetString(i)), (r, i) => new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero)));
        return ConversationOrder.Trim(items, query.Limit);
    }

    /// <summary>Answered from the covering index <c>conversations_by_status</c> alone.</summary>
    internal const string CountByStatusSql = "SELECT tenant, status, count(*) FROM conversations GROUP BY tenant, status";

    public async Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = CountByStatusSql;
        var counts = new List<ConversationStatusCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts.Add(new ConversationStatusCount(reader.GetString(0), (ConversationStatus)reader.GetInt32(1), reader.GetInt64(2)));
        return counts;
    }

    private static void UpsertSummary(SqliteWriteSession session, ConversationSummary s)
    {
        var command = session.Command(UpsertSummarySql);
        command.Parameters.AddWithValue("$id", Key(s.Id));
        command.Parameters.AddWithValue("$tenant", s.Tenant);
        command.Parameters.AddWithValue("$customer", s.CustomerId is { } c ? Key(c) : DBNull.Value);
        command.Parameters.AddWithValue("$status", (int)s.Status);
        command.Parameters.AddWithValue("$priority", (int)s.Priority);
        command.Parameters.AddWithValue("$channels", ConversationRows.Channels(s.Channels));
        command.Parameters.AddWithValue("$count", s.MessageCount);
        command.Parameters.AddWithValue("$created", s.CreatedAt.UtcTicks);
        command.Parameters.AddWithValue("$updated", s.UpdatedAt.UtcTicks);
        command.Parameters.AddWithValue("$preview", (object?)s.LastMessagePreview ?? DBNull.Value);
        command.Parameters.AddWithValue("$assignee", (object?)s.Assignee ?? DBNull.Value);
        command.Parameters.AddWithValue("$risk", s.Risk is { } risk ? risk : DBNull.Value);
        command.Parameters.AddWithValue("$listening", s.Listening ? 1 : 0);
        command.ExecuteNonQuery();
    }

    private static readonly string UpsertSummarySql = $"""
        INSERT INTO conversations ({ConversationRows.Columns})
        VALUES ($id, $tenant, $customer, $status, $priority, $channels, $count, $created, $updated, $preview, $assignee, $risk, $listening)
        ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, status = excluded.status,
            priority = excluded.priority, channels = excluded.channels, message_count = excluded.message_count,
            updated_at = excluded.updated_at, last_preview = excluded.last_preview, assignee = excluded.assignee,
            risk = excluded.risk, listening = excluded.listening
        """;

    /// <summary>Lower-case text, whose order is the big-endian byte order <see cref="ConversationOrder"/> pages by.</summary>
    private static string Key(Guid id) => id.ToString("D");
}
