namespace Engine.Gateway.Health;

using Engine.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

/// <summary>Ready when a grain answers within a few seconds and it could read the store.</summary>
public sealed class ClusterReadyCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IHealthProbeGrain>(0).Probe().WaitAsync(Limit, cancellationToken);
            return HealthCheckResult.Healthy("The cluster and the store answer.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster or the store did not answer: {e.GetType().Name}: {e.Message}");
        }
    }
}
