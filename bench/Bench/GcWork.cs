namespace Engine.Bench;

/// <summary>The process's garbage collections over a phase: how many of each generation and how long they paused it.</summary>
public sealed record GcWork(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static GcWork Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public GcWork Since(GcWork before) =>
        new(Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Pause - before.Pause);

    public GcWork Plus(GcWork other) => new(Gen0 + other.Gen0, Gen1 + other.Gen1, Gen2 + other.Gen2, Pause + other.Pause);

    /// <summary>Counts include the younger generations' collections made by an older one, as the runtime counts them.</summary>
    public object ToJson(double seconds) => new
    {
        collections_gen0 = Gen0, collections_gen1 = Gen1, collections_gen2 = Gen2,
        pause_ms = Pause.TotalMilliseconds, pause_share = Pause.TotalSeconds / seconds,
    };
}
