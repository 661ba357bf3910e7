namespace Engine.Hosting;

public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>How long after being resolved a conversation still reopens on a customer message.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A conversation writes a snapshot once this many events have passed since its last one, and when it is
    /// deactivated; 0 turns snapshots off (activation then replays every event).</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>How long a helper grain of a conversation (thread and message directory, customer identity, customer,
    /// real-time stream) stays active after its last call. Few calls need them and they load again cheaply, so they need
    /// not stay in memory as long as the conversation (Orleans' default, 15 minutes): each costs an activation (about
    /// 2 KB) plus its state. Orleans collects idle grains once a minute, so values under 2 minutes act as about 2.</summary>
    public TimeSpan HelperCollectionAge { get; set; } = TimeSpan.FromMinutes(2);
}
