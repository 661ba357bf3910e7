namespace Engine.Gateway.Limits;

using System.Globalization;
using System.Threading.RateLimiting;
using Engine.Gateway.Security;
using Microsoft.AspNetCore.RateLimiting;

/// <summary>The <c>RateLimits</c> section: token buckets per caller (person or key) and per tenant.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests one person or key may burst; refilled at <see cref="CallerPerSecond"/>.</summary>
    public int CallerBurst { get; set; } = 400;
    public int CallerPerSecond { get; set; } = 200;

    /// <summary>Requests all of a tenant's callers and webhooks together may burst; refilled at <see cref="TenantPerSecond"/>.</summary>
    public int TenantBurst { get; set; } = 4_000;
    public int TenantPerSecond { get; set; } = 2_000;

    /// <summary>Inbound deliveries the gateway works on at once; past it, new ones get 503 (the cluster or store is
    /// behind, so accepting more would only lengthen every wait).</summary>
    public int IngestInFlight { get; set; } = 2_048;
}

/// <summary>
/// Keeps one noisy integration or tenant from starving the others: a request spends a token from its caller's bucket
/// and from its tenant's; an empty bucket answers 429 with Retry-After. Health, metrics and docs are not limited.
/// </summary>
public static class RateLimits
{
    /// <summary>The policy of endpoints that take messages in (API ingest, platform webhooks, web chat).</summary>
    public const string Ingest = "ingest";

    public static void AddEngineRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = Reject;
            limiter.AddConcurrencyLimiter(Ingest, o =>
            {
                o.PermitLimit = options.IngestInFlight;
                o.QueueLimit = 0;
            });
            if (!options.Enabled) return;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Bucket(CallerOf(context), options.CallerBurst, options.CallerPerSecond)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Bucket(TenantOf(context), options.TenantBurst, options.TenantPerSecond)));
        });
    }

    private static RateLimitPartition<string> Bucket(string? key, int burst, int perSecond) =>
        key is null
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    /// <summary>The signed-in person or key; runs after authentication, so the principal is known. The platform operator
    /// (replays, load tests) is held by each tenant's bucket only.</summary>
    private static string? CallerOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && !context.User.IsOperator() ? $"{context.User.TenantOf()}/{context.User.SubjectOf()}" : null;

    /// <summary>The tenant named in the path (API and webhooks alike), else the caller's.</summary>
    private static string? TenantOf(HttpContext context) =>
        context.GetRouteValue("tenant") as string ?? (context.User.Identity?.IsAuthenticated == true ? context.User.TenantOf() : null);

    private static async ValueTask Reject(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        // A token bucket knows when the caller may come back; the in-flight limit only knows the engine is saturated.
        if (!rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out _))
        {
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            http.Response.Headers.RetryAfter = "1";
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The engine is saturated.",
                detail: "Too many deliveries are in flight; nothing was stored. Retry after the time in Retry-After.").ExecuteAsync(http);
            return;
        }
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests.",
            detail: "This caller or tenant is over its request rate; retry after the time in Retry-After.").ExecuteAsync(http);
    }
}
