namespace Engine.Replay;

using System.Net;

/// <summary>
/// Repeats a request while the failure may pass by itself (5xx, 429, transport errors, timeouts), with
/// exponential backoff. Replays are safe to repeat: the engine deduplicates by platform message id.
/// </summary>
public sealed class TransientRetry(int maxAttempts)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private int _retries;

    public int Retries => Volatile.Read(ref _retries);

    /// <summary>The last answer, or the last exception when the final attempt could not get one.</summary>
    public async Task<HttpResponseMessage> Send(Func<CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            try
            {
                response = await send(cancellationToken);
                if (!IsTransient(response.StatusCode) || attempt >= maxAttempts)
                    return response;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken) && attempt < maxAttempts)
            {
            }
            response?.Dispose();
            Interlocked.Increment(ref _retries);
            await Task.Delay(Backoff(attempt), cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    // A cancellation that is not ours is the HttpClient timeout.
    private static bool IsTransient(Exception e, CancellationToken ours) =>
        e is HttpRequestException || (e is TaskCanceledException && !ours.IsCancellationRequested);

    private static TimeSpan Backoff(int attempt)
    {
        var delay = FirstDelay * Math.Pow(2, attempt - 1);
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50));
        return (delay < MaxDelay ? delay : MaxDelay) + jitter;
    }
}
