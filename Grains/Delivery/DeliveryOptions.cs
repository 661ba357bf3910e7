namespace Engine.Delivery;

/// <summary>How the outbox retries and how its HTTP client protects itself (configuration section <c>Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>After a failed attempt the outbox waits this long, doubling after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A message still not delivered this long after it was queued is failed for good.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Retries inside one attempt (the HTTP resilience pipeline), for blips shorter than <see cref="FirstRetryDelay"/>.</summary>
    public int HttpRetries { get; set; } = 2;

    public TimeSpan HttpRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>All tries of one attempt together (capped at half of <see cref="OutboxBook.BusyLimit"/>).</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The circuit of an endpoint (per host and port) opens when this share of calls fails...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...among at least this many calls in <see cref="BreakerSamplingDuration"/>...</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>...and stays open this long; calls meanwhile fail at once and count as transient.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sends one outbox partition keeps in flight at once.</summary>
    public int MaxInFlight { get; set; } = 16;

    /// <summary>Auth header values by secret name; tenants' settings name a secret, never hold it.</summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);
}
