namespace Engine.Routing;

/// <summary>
/// Coalesces state writes of one grain: while a write runs, every caller that asks for another shares the single
/// write that follows it, and each caller's task completes only once a write that started after its ask is done.
/// </summary>
public sealed class GroupCommit
{
    private TaskCompletionSource? _next;
    private bool _running;

    public Task Write(Func<Task> write)
    {
        _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = _next.Task;
        if (!_running)
        {
            _running = true;
            _ = Run(write);
        }
        return waiter;
    }

    private async Task Run(Func<Task> write)
    {
        while (_next is { } batch)
        {
            _next = null;
            try
            {
                await write();
                batch.SetResult();
            }
            catch (Exception e)
            {
                batch.SetException(e);
            }
        }
        _running = false;
    }
}
