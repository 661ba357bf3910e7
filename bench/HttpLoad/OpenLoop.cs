namespace Engine.Bench.HttpLoad;

using System.Diagnostics;
using System.Net.Http.Headers;
using HdrHistogram;

/// <summary>What one constant-rate phase measured. Latencies in microseconds, from each request's scheduled send time.</summary>
public sealed record OpenLoopResult(string Url, double TargetRate, double Seconds, long Scheduled, long Completed, long Ok, long NonSuccess,
    long Failed, double AchievedRate, double P50Us, double P90Us, double P99Us, double P999Us, double MaxUs, double MeanUs,
    long MaxInFlight, double MaxStartLagUs, IReadOnlyList<SlowWindow> SlowWindows, double WarmupSeconds, long WarmupRequests,
    double WarmupP99Us, double WarmupMaxUs, double ClientCpuSeconds);

/// <summary>A 100 ms stretch of due times whose slowest request took over <see cref="OpenLoop.SlowMs"/>: where a tail comes from.</summary>
public sealed record SlowWindow(double AtSeconds, long Requests, double MaxMs);

/// <summary>
/// Sends at a fixed rate whatever the server does (open loop): request i is due at start + i / rate, and its latency
/// runs from that due time to the end of the response, so a stalled server is charged for every request it delayed
/// (no coordinated omission). Requests due while the sender slept go out together when it wakes (1 ms timer).
/// The first requests, due in a warm-up before the measured span, go out at the same rate but are kept apart: they pay
/// for this process's own start (its JIT, opening its connections), which the bare endpoint shows as much as ingest.
/// It shares the machine with the server, so it reports the CPU it took itself, and it keeps no finished request.
/// </summary>
public sealed class OpenLoop(HttpClient http, Uri url, string? apiKey, InboundBodies bodies)
{
    public const double SlowMs = 50;
    private const double WindowSeconds = 0.1;
    private readonly LongConcurrentHistogram _latency = new(1, 120_000_000, 3);
    private readonly LongConcurrentHistogram _warmup = new(1, 120_000_000, 3);
    // Per 100 ms of due time: requests and the slowest latency (µs), to tell one long stall from a spread-out tail.
    private long[] _windowCount = [];
    private long[] _windowMaxUs = [];
    private readonly MediaTypeHeaderValue _json = new("application/json");
    // Counts the sender itself while it schedules, so the last request to finish cannot signal before the last is sent.
    private long _ok, _nonSuccess, _failed, _inFlight, _maxInFlight, _unfinished = 1;
    private Exception? _fault;
    private readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<OpenLoopResult> Run(double rate, double seconds, double warmupSeconds)
    {
        var warmupRequests = (long)(rate * warmupSeconds);
        var total = warmupRequests + (long)(rate * seconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var start = Stopwatch.GetTimestamp();
        var windows = (int)Math.Ceiling(seconds / WindowSeconds) + 1;
        (_windowCount, _windowMaxUs) = (new long[windows], new long[windows]);
        double maxLag = 0;
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * ticksPerRequest);
            var now = Stopwatch.GetTimestamp();
            if (now < due)
            {
                await Task.Delay(TimeSpan.FromTicks(Math.Max(1, (due - now) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                now = Stopwatch.GetTimestamp();
            }
            maxLag = Math.Max(maxLag, Stopwatch.GetElapsedTime(due, now).TotalMicroseconds);
            Interlocked.Increment(ref _unfinished);
            _ = Send(i, due, i < warmupRequests ? -1 : (int)((i - warmupRequests) / rate / WindowSeconds));
        }
        Finished();
        await _allFinished.Task;
        if (_fault is not null) throw new InvalidOperationException("A request failed in the load program itself", _fault);
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds - warmupSeconds;
        double At(double p) => _latency.TotalCount == 0 ? double.NaN : _latency.GetValueAtPercentile(p);
        return new OpenLoopResult(url.ToString(), rate, elapsed, total, _latency.TotalCount, _ok, _nonSuccess, _failed,
            _latency.TotalCount / elapsed, At(50), At(90), At(99), At(99.9), _latency.TotalCount == 0 ? double.NaN : _latency.GetMaxValue(),
            _latency.TotalCount == 0 ? double.NaN : _latency.GetMean(), _maxInFlight, maxLag, SlowWindowsSeen(), warmupSeconds,
            _warmup.TotalCount, _warmup.TotalCount == 0 ? double.NaN : _warmup.GetValueAtPercentile(99),
            _warmup.TotalCount == 0 ? double.NaN : _warmup.GetMaxValue(), cpu);
    }

    private void Finished()
    {
        if (Interlocked.Decrement(ref _unfinished) == 0) _allFinished.SetResult();
    }

    private List<SlowWindow> SlowWindowsSeen() =>
        Enumerable.Range(0, _windowMaxUs.Length).Where(w => _windowMaxUs[w] > SlowMs * 1000)
            .Select(w => new SlowWindow(Math.Round(w * WindowSeconds, 1), _windowCount[w], _windowMaxUs[w] / 1000.0)).ToList();

    /// <param name="window">The 100 ms window of the measured span, or -1 for a warm-up request.</param>
    private async Task Send(long i, long due, int window)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        long seen;
        while (inFlight > (seen = Interlocked.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen) { }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bodies.Body(i)) };
            request.Content.Headers.ContentType = _json;
            if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var took = Math.Max(1, (long)Stopwatch.GetElapsedTime(due).TotalMicroseconds);
            if (window < 0)
            {
                _warmup.RecordValue(took);
                return;
            }
            _latency.RecordValue(took);
            Interlocked.Increment(ref _windowCount[window]);
            long max;
            while (took > (max = Interlocked.Read(ref _windowMaxUs[window])) && Interlocked.CompareExchange(ref _windowMaxUs[window], took, max) != max) { }
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _ok : ref _nonSuccess);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _failed);
        }
        catch (TaskCanceledException)
        {
            Interlocked.Increment(ref _failed);
        }
        catch (Exception e)
        {
            // Not the server's doing: a fault of this program, reported when the run ends.
            Interlocked.CompareExchange(ref _fault, e, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Finished();
        }
    }
}
