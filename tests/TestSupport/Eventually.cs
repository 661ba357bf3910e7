namespace Engine.Tests;

/// <summary>Polls for a condition that a distributed system reaches in its own time (membership, reminders).</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{failure} (waited {timeout.TotalSeconds:0} s).");
            await Task.Delay(250);
        }
    }
}
