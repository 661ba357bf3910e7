namespace Engine.Bench.HttpLoad;

using System.Diagnostics;
using System.Net.Http.Headers;
using HdrHistogram;

/// <summary>What one constant-rate phase measured. Latencies in microseconds, from each request's scheduled send time.</summary>
public sealed record OpenLoopResult(string Url, double TargetRate, double Seconds, long Scheduled, long Completed, long Ok, long NonSuccess,
    long Failed, double AchievedRate, double P50Us, double P90Us, double P99Us, double P999Us, double MaxUs, double MeanUs,
    long MaxInFlight, double MaxStartLagUs);

/// <summary>
/// Sends at a fixed rate whatever the server does (open loop): request i is due at start + i / rate, and its latency
/// runs from that due time to the end of the response, so a stalled server is charged for every request it delayed
/// (no coordinated omission). Requests due while the sender slept go out together when it wakes (1 ms timer).
/// </summary>
public sealed class OpenLoop(HttpClient http, Uri url, string? apiKey, InboundBodies bodies)
{
    private readonly LongConcurrentHistogram _latency = new(1, 120_000_000, 3);
    private long _ok, _nonSuccess, _failed, _inFlight, _maxInFlight;

    public async Task<OpenLoopResult> Run(double rate, double seconds)
    {
        var total = (long)(rate * seconds);
        var ticksPerRequest = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var sends = new List<Task>((int)Math.Min(total, 10_000_000));
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
            sends.Add(Send(i, due));
        }
        await Task.WhenAll(sends);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double At(double p) => _latency.TotalCount == 0 ? double.NaN : _latency.GetValueAtPercentile(p);
        return new OpenLoopResult(url.ToString(), rate, elapsed, total, _latency.TotalCount, _ok, _nonSuccess, _failed,
            _latency.TotalCount / elapsed, At(50), At(90), At(99), At(99.9), _latency.TotalCount == 0 ? double.NaN : _latency.GetMaxValue(),
            _latency.TotalCount == 0 ? double.NaN : _latency.GetMean(), _maxInFlight, maxLag);
    }

    private async Task Send(long i, long due)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        long seen;
        while (inFlight > (seen = Interlocked.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen) { }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bodies.Body(i)) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            _latency.RecordValue(Math.Max(1, (long)Stopwatch.GetElapsedTime(due).TotalMicroseconds));
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
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
