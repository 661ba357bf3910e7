namespace Engine.Persistence.Postgres;

using Engine.Conversations;

/// <summary>
/// One conversation's append waiting for a group write: its rows already serialized (on the caller's thread, not the
/// writer's), and the caller's completion, set only once the transaction that carries it has committed or failed.
/// </summary>
public sealed class PendingAppend(Guid conversationId, long expectedVersion, string[] eventTypes, DateTimeOffset[] occurredAt,
    byte[][] payloads, ConversationSummary summary)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Guid ConversationId => conversationId;
    public long ExpectedVersion => expectedVersion;
    public string[] EventTypes => eventTypes;
    public DateTimeOffset[] OccurredAt => occurredAt;
    public byte[][] Payloads => payloads;
    public ConversationSummary Summary => summary;

    public Task Completion => _completion.Task;

    /// <summary>Answered already (its caller gave up): a writer leaves it out.</summary>
    public bool Abandoned => _completion.Task.IsCompleted;

    public void Stored() => _completion.TrySetResult();

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
