namespace Engine.Tests.Routing;

using Engine.Routing;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writes_asked_for_while_one_runs_share_the_next_write_and_complete_only_after_it()
    {
        var commit = new GroupCommit();
        var writes = 0;
        var gate = new TaskCompletionSource();
        Func<Task> write = async () =>
        {
            writes++;
            if (writes == 1) await gate.Task;
        };

        var first = commit.Write(write);
        var waiting = Enumerable.Range(0, 10).Select(_ => commit.Write(write)).ToList();
        Assert.Equal(1, writes);
        Assert.False(first.IsCompleted);

        gate.SetResult();
        await first;
        await Task.WhenAll(waiting);
        Assert.Equal(2, writes);
    }

    [Fact]
    public async Task A_failed_write_fails_exactly_the_callers_it_carried()
    {
        var commit = new GroupCommit();
        var fail = true;
        var failed = commit.Write(() => fail ? Task.FromException(new IOException("disk")) : Task.CompletedTask);
        await Assert.ThrowsAsync<IOException>(() => failed);
        fail = false;
        await commit.Write(() => Task.CompletedTask);
    }
}
