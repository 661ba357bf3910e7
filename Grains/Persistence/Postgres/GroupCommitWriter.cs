namespace Engine.Persistence.Postgres;

using Engine.Conversations;
using Npgsql;

/// <summary>
/// Group commit of conversation appends across conversations, one per silo (<see cref="GroupWriteQueue{TWrite, TKey}"/>
/// with <c>engine_append_conversations</c>, script 0009): up to <see cref="PostgresStoreOptions.MaxBatch"/>
/// conversations per transaction, a version conflict failing only its own append.
/// </summary>
public sealed class GroupCommitWriter(NpgsqlDataSource dataSource, PostgresStoreOptions options)
    : GroupWriter<PendingAppend, Guid>(new(options.MaxBatch, options.Writers, a => a.ConversationId,
        (batch, cancellationToken) => Write(dataSource, batch, cancellationToken),
        a => new ConversationVersionConflictException(a.ConversationId, a.ExpectedVersion), "conversation store"))
{
    private static readonly IReadOnlySet<int> NoConflicts = new HashSet<int>();
    private static readonly IReadOnlySet<int> FirstConflicts = new HashSet<int> { 0 };

    // A lone append (low load) takes the plain two-statement batch: same guarantees, less work than the group call.
    private static async Task<IReadOnlySet<int>> Write(NpgsqlDataSource dataSource, IReadOnlyList<PendingAppend> batch,
        CancellationToken cancellationToken)
    {
        if (batch.Count > 1) return await GroupAppendCommand.Execute(dataSource, batch, cancellationToken);
        try
        {
            await SingleAppendCommand.Execute(dataSource, batch[0], cancellationToken);
            return NoConflicts;
        }
        catch (ConversationVersionConflictException)
        {
            return FirstConflicts;
        }
    }
}
