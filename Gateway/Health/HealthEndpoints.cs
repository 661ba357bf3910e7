namespace Engine.Gateway.Health;

using Microsoft.AspNetCore.Diagnostics.HealthChecks;

public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddEngineHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ClusterReadyCheck>("cluster-and-store", tags: [Ready]);
        return services;
    }

    /// <summary><c>/health/live</c>: the process serves requests. <c>/health/ready</c>: it can also do work.</summary>
    public static WebApplication MapEngineHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }
}
