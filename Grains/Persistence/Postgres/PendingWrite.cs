namespace Engine.Persistence.Postgres;

/// <summary>
/// A write waiting for a group commit (<see cref="GroupWriteQueue{TWrite, TKey}"/>): its caller's completion, set only
/// once the transaction that carries it has committed or failed.
/// </summary>
public abstract class PendingWrite
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    /// <summary>Answered already (its caller gave up): a writer leaves it out.</summary>
    public bool Abandoned => _completion.Task.IsCompleted;

    public void Stored() => _completion.TrySetResult();

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
