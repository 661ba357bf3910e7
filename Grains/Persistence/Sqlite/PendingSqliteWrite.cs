namespace Engine.Persistence.Sqlite;

/// <summary>
/// One write waiting for the group writer: the statements to run (its payloads already serialized on the caller's
/// thread) and the caller's completion, set only once the transaction that carries it has committed or failed.
/// </summary>
public abstract class PendingSqliteWrite
{
    /// <summary>Answered already (its caller gave up before the writer took it): the writer leaves it out.</summary>
    public abstract bool Abandoned { get; }

    /// <summary>Runs the statements on the writer's connection, inside the batch's transaction; keeps the result.</summary>
    public abstract void Run(SqliteWriteSession session);

    /// <summary>The transaction committed: the caller gets the result, or the write's own failure.</summary>
    public abstract void Committed(Exception? ownFailure);

    /// <summary>The transaction did not commit: nothing of this write is stored.</summary>
    public abstract void Fail(Exception exception);
}

/// <inheritdoc />
public sealed class PendingSqliteWrite<T>(Func<SqliteWriteSession, T> write) : PendingSqliteWrite
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Completion => _completion.Task;

    public override bool Abandoned => _completion.Task.IsCompleted;

    public override void Run(SqliteWriteSession session) => _result = write(session);

    public override void Committed(Exception? ownFailure)
    {
        if (ownFailure is null) _completion.TrySetResult(_result!);
        else _completion.TrySetException(ownFailure);
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
