namespace Engine.Hosting;

public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>How long after being resolved a conversation still reopens on a customer message.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A conversation writes a snapshot once this many events have passed since its last one, and when it is
    /// deactivated; 0 turns snapshots off (activation then replays every event).</summary>
    public int SnapshotEvery { get; set; } = 100;
}
