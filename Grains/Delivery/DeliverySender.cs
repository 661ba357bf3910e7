namespace Engine.Delivery;

using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

/// <summary>
/// POSTs one outbox entry through the <see cref="ClientName"/> HttpClient, whose resilience pipeline (per endpoint
/// host) retries blips with backoff, opens a circuit on an endpoint that keeps failing, and bounds each try by the
/// tenant's timeout. Never throws for the endpoint's sake: every ending is a <see cref="DeliveryAttempt"/>.
/// </summary>
public sealed class DeliverySender(IHttpClientFactory clients, IOptions<DeliveryOptions> options)
{
    public const string ClientName = "engine-delivery";

    /// <summary>The tenant's per-try timeout, carried to the pipeline's timeout strategy.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeout = new("engine.delivery.attempt-timeout");

    public async Task<DeliveryAttempt> Send(DeliverySettings settings, OutboxEntry entry, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, DeliveryRequest.MessagesUri(settings.BaseUrl))
        {
            Content = new StringContent(DeliveryRequest.Body(entry), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(DeliveryRequest.IdempotencyHeader, entry.IdempotencyKey);
        if (settings.AuthHeader is { } header)
        {
            if (settings.SecretName is not { } name || !options.Value.Secrets.TryGetValue(name, out var secret))
                return new DeliveryAttempt(DeliveryAttemptKind.Permanent, $"secret '{settings.SecretName}' is not configured (Delivery:Secrets)");
            request.Headers.TryAddWithoutValidation(header, secret);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AttemptTimeout, settings.Timeout);
        request.SetResilienceContext(context);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return DeliveryRequest.Classify(response.StatusCode, body);
        }
        catch (BrokenCircuitException)
        {
            return new DeliveryAttempt(DeliveryAttemptKind.Transient, "circuit open: the endpoint failed too often lately");
        }
        catch (TimeoutRejectedException)
        {
            return new DeliveryAttempt(DeliveryAttemptKind.Transient, $"no answer within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryAttempt(DeliveryAttemptKind.Transient, $"connection failed: {e.Message}");
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Registers the client and its pipeline; one pipeline instance (and circuit) per endpoint authority.</summary>
    public static void AddClient(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("delivery", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value;
                // All tries of one send end well before the outbox counts the send as lost and sends it again.
                var total = o.TotalTimeout < OutboxBook.BusyLimit / 2 ? o.TotalTimeout : OutboxBook.BusyLimit / 2;
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = total });
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    // An hour-long Retry-After would hold the send; the outbox's own backoff takes over instead.
                    ShouldRetryAfterHeader = false,
                    MaxRetryAttempts = Math.Max(1, o.HttpRetries),
                    Delay = o.HttpRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = o.HttpRetries > 0 ? new HttpRetryStrategyOptions().ShouldHandle : _ => PredicateResult.False(),
                });
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = o.BreakerFailureRatio,
                    MinimumThroughput = o.BreakerMinimumThroughput,
                    SamplingDuration = o.BreakerSamplingDuration,
                    BreakDuration = o.BreakDuration,
                });
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(AttemptTimeout, DeliverySettings.DefaultTimeout)),
                });
            })
            .SelectPipelineByAuthority();
    }
}
