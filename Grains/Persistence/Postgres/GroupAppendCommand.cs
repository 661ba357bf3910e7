namespace Engine.Persistence.Postgres;

using Engine.Conversations;
using Npgsql;

/// <summary>
/// Many conversations' appends as one call of <c>engine_append_conversations</c> (schema script 0012, which added the
/// message index rows to 0009's): one statement,
/// so one round trip and one implicit transaction. Conversations must be distinct within a call.
/// </summary>
public static class GroupAppendCommand
{
    private const string Sql = """
        SELECT engine_append_conversations($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
        """;

    /// <summary>Writes the appends and returns the positions (0-based) of those refused for a version conflict.</summary>
    public static async Task<IReadOnlySet<int>> Execute(NpgsqlDataSource dataSource, IReadOnlyList<PendingAppend> appends,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        var summaries = appends.Select(a => a.Summary).ToArray();
        Add(command, appends.Select(a => a.ConversationId).ToArray());
        Add(command, appends.Select(a => a.ExpectedVersion).ToArray());
        Add(command, appends.Select(a => a.EventTypes.Length).ToArray());
        Add(command, summaries.Select(s => s.Tenant).ToArray());
        Add(command, summaries.Select(s => s.CustomerId).ToArray());
        Add(command, summaries.Select(s => (int)s.Status).ToArray());
        Add(command, summaries.Select(s => (int)s.Priority).ToArray());
        Add(command, summaries.Select(s => ConversationRows.Channels(s.Channels)).ToArray());
        Add(command, summaries.Select(s => s.MessageCount).ToArray());
        Add(command, summaries.Select(s => s.CreatedAt.ToUniversalTime()).ToArray());
        Add(command, summaries.Select(s => s.UpdatedAt.ToUniversalTime()).ToArray());
        Add(command, summaries.Select(s => s.LastMessagePreview).ToArray());
        Add(command, summaries.Select(s => s.Assignee).ToArray());
        Add(command, summaries.Select(s => s.Risk).ToArray());
        Add(command, summaries.Select(s => s.Listening).ToArray());
        Add(command, appends.SelectMany((a, i) => Enumerable.Repeat(i + 1, a.EventTypes.Length)).ToArray());
        Add(command, appends.SelectMany(a => a.EventTypes).ToArray());
        Add(command, appends.SelectMany(a => a.OccurredAt).ToArray());
        Add(command, appends.SelectMany(a => a.Payloads).ToArray());
        Add(command, appends.SelectMany((a, i) => Enumerable.Repeat(i + 1, a.IndexIds.Length)).ToArray());
        Add(command, appends.SelectMany(a => a.IndexChannels).ToArray());
        Add(command, appends.SelectMany(a => a.IndexIds).ToArray());
        Add(command, appends.SelectMany(a => a.IndexThreads).ToArray());

        var conflicted = (int[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return conflicted.Select(i => i - 1).ToHashSet();
    }

    /// <summary>The append's rows as the call takes them: types, times (UTC, as timestamptz requires), payloads and index rows.</summary>
    public static PendingAppend Prepare(StoredPayloads payloads, Guid conversationId, long expectedVersion,
        IReadOnlyList<ConversationEvent> events, ConversationSummary summary, IReadOnlyList<IndexedMessage> messages)
    {
        var types = new string[events.Count];
        var times = new DateTimeOffset[events.Count];
        var bytes = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            types[i] = StoredPayloads.TypeName(events[i]);
            times[i] = events[i].At.ToUniversalTime();
            bytes[i] = payloads.Event(events[i]);
        }
        return new PendingAppend(conversationId, expectedVersion, types, times, bytes, summary,
            messages.Select(m => m.Channel.ToString()).ToArray(), messages.Select(m => m.PlatformMessageId).ToArray(),
            messages.Select(m => m.ThreadKey).ToArray());
    }

    private static void Add<T>(NpgsqlCommand command, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter<T[]> { TypedValue = values });
}
