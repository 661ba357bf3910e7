namespace Engine.Hosting;

public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>How long after being resolved a conversation still reopens on a customer message.</summary>
    public TimeSpan ReopenWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A conversation writes a snapshot once this many events (up to 1.5 times as many, fixed per conversation:
    /// <see cref="Engine.Conversations.SnapshotSchedule"/>) have passed since its last one, and when it is deactivated;
    /// 0 turns snapshots off (activation then replays every event).</summary>
    public int SnapshotEvery { get; set; } = 100;

    /// <summary>How long a helper grain of a conversation (thread and message directory, customer identity, customer)
    /// stays active after its last call (<see cref="HelperCollection"/>). Few calls need them and they load again cheaply,
    /// so they need not stay in memory as long as the conversation.</summary>
    public TimeSpan HelperCollectionAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a conversation's real-time stream grain stays active after its last publication or read: it is
    /// called on every message and a new activation reads its kept events back, so it stays longer than the helpers.</summary>
    public TimeSpan StreamCollectionAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>On a miss of the message index, read the per-message directory grains that versions before schema script
    /// 0012 wrote, so their reply chains still join their threads. Each such miss costs a grain activation and a state
    /// read (a reply to a post the engine never stored misses every time): turn it off on a new installation, or once
    /// threads recorded before the upgrade no longer get replies.</summary>
    public bool LegacyMessageDirectory { get; set; } = true;
}
