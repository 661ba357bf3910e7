namespace Engine.Bench;

using System.Diagnostics;
using System.Text.Json;
using Engine.Realtime;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// One real-time stream under concurrent publishers, in an in-process silo with the store under test: how many events
/// a second it numbers and stores (writes are shared by what arrives meanwhile), how long a publisher waits for its
/// number, and how long from publishing until a subscribed observer (a gateway) holds the event.
/// </summary>
public static class RealtimeSuite
{
    public static async Task<object> Run(string store, string? connection, int events, int publishers, TextWriter output)
    {
        events = events / publishers * publishers; // each publisher sends the same number
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"engine-bench-rt-{Guid.NewGuid():N}");
        using var host = await BenchSilo.Start(store, connection, dataDirectory, 100);
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var stream = grains.GetGrain<IRealtimeStreamGrain>(RealtimeStreams.Key("bench", RealtimeStreams.Supervisor));
            var observer = new Observer(events);
            await stream.Subscribe(grains.CreateObjectReference<IRealtimeObserver>(observer));
            await stream.Publish([new RealtimePublication("warm-up", null, Stamp())]);
            observer.Start();

            var acks = new Latencies("publish → number (stored)");
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, publishers).Select(async _ =>
            {
                for (var i = 0; i < events / publishers; i++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await stream.Publish([new RealtimePublication("bench", null, Stamp())]);
                    lock (acks) acks.Add(started);
                }
            }));
            await observer.All.WaitAsync(TimeSpan.FromMinutes(2));
            var seconds = clock.Elapsed.TotalSeconds;
            var rate = events / seconds;
            output.WriteLine($"{store}: {events:N0} events from {publishers} publishers in {seconds:N2} s = {rate:N0} events/s");
            foreach (var l in new[] { acks, observer.Latencies })
                output.WriteLine($"  {l.Name}: median {l.Median:N0} µs, p99 {l.P99:N0} µs (n={l.Count:N0})");
            return new { store, events, publishers, seconds, eventsPerSecond = rate, ack = acks.ToJson(), delivery = observer.Latencies.ToJson() };
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static string Stamp() => $$"""{"t":{{Stopwatch.GetTimestamp()}}}""";

    private sealed class Observer(int expected) : IRealtimeObserver
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _counting;

        public Latencies Latencies { get; } = new("publish → observer holds it");
        public Task All => _all.Task;

        public void Start()
        {
            lock (Latencies) _counting = true;
        }

        public Task Deliver(string streamKey, IReadOnlyList<RealtimeEvent> events)
        {
            lock (Latencies)
            {
                if (!_counting) return Task.CompletedTask;
                foreach (var e in events.Where(e => e.Type == "bench"))
                    Latencies.Add(JsonDocument.Parse(e.Data).RootElement.GetProperty("t").GetInt64());
                if (Latencies.Count >= expected) _all.TrySetResult();
            }
            return Task.CompletedTask;
        }
    }
}
