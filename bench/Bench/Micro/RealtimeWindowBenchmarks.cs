namespace Engine.Bench.Micro;

using BenchmarkDotNet.Attributes;
using Engine.Realtime;

/// <summary>
/// One publication to a stream as <see cref="RealtimeStreamGrain"/> makes it: ask whether the store must say what a
/// key is, number the event, release it once stored. Each publication has a new key, as a conversation's events do,
/// and the window is already full, as an agent's stream is after a busy hour: the cost must not grow with what is kept.
/// </summary>
[MemoryDiagnoser]
public class RealtimeWindowBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
    private readonly Guid _conversation = Guid.NewGuid();
    private RealtimeWindow _window = null!;
    private long _version;

    /// <summary>Events the window keeps (the stream grain keeps 1,000).</summary>
    [Params(16, 128, 1_000)]
    public int Kept { get; set; }

    [GlobalSetup]
    public void Fill()
    {
        _window = new RealtimeWindow("bench", Kept, TimeSpan.FromHours(1));
        for (var i = 0; i < Kept; i++) Publish();
    }

    [Benchmark]
    public long Publish()
    {
        var publication = new RealtimePublication("message.added", _conversation, "{}", $"{_conversation:N}:{++_version}", Now);
        if (_window.NeedsStoredKeys([publication], null)) throw new InvalidOperationException("a new key needs no store read");
        var (sequence, _) = _window.Append(publication, Now);
        _window.Release(sequence);
        return sequence;
    }
}
