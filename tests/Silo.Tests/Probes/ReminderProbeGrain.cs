namespace Engine.Tests.Probes;

using System.Collections.Concurrent;

[Alias("Engine.Tests.Probes.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")] Task Start(TimeSpan dueTime, TimeSpan period);
    [Alias("Stop")] Task Stop();
}

/// <summary>
/// Counts its reminder's ticks in a process-wide table, so a test sees ticks delivered by any silo in the process,
/// including one started after the silo that registered the reminder has gone.
/// </summary>
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public static ConcurrentDictionary<string, int> Ticks { get; } = new();

    public Task Start(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task Stop()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
            await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
