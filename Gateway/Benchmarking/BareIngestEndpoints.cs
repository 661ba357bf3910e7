namespace Engine.Gateway.Benchmarking;

using Engine.Gateway.Conversations;
using Engine.Gateway.Limits;
using Engine.Gateway.Problems;
using Engine.Gateway.Security;

/// <summary>
/// Baselines for the HTTP ingest benchmark (<c>bench/http-ingest.sh</c>), mapped only when <c>Bench:BareEndpoint</c> is
/// true. Both read, bind and validate the normalized inbound body exactly as <c>POST /api/v1/tenants/{tenant}/inbound</c>
/// does and answer 201 with the same response shape, but hand nothing to the cluster, so the benchmark's ratio is the
/// price of the engine behind the HTTP front:
/// <list type="bullet">
/// <item><c>POST /bench/tenants/{tenant}/bare</c>: the inbound endpoint's whole pipeline (API key or token with the
/// ingest role, tenant filter, rate limits and in-flight limit); the headline baseline.</item>
/// <item><c>POST /bench/bare</c>: anonymous, no tenant, no rate-limit partition; the floor of plain ASP.NET with the
/// same body, which shows what authentication and rate limiting cost.</item>
/// </list>
/// </summary>
public static class BareIngestEndpoints
{
    public const string Setting = "Bench:BareEndpoint";

    public static WebApplication MapBareIngestForBenchmarks(this WebApplication app)
    {
        if (!app.Configuration.GetValue(Setting, false)) return app;
        app.MapGroup("/bench/tenants/{tenant}")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .MapPost("/bare", PostBare).RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest)
            .ExcludeFromDescription();
        app.MapPost("/bench/bare", (InboundMessageRequest request, TimeProvider clock) => PostBare("bench", request, clock))
            .AllowAnonymous().ExcludeFromDescription();
        app.Logger.LogWarning("{Setting} is on: the benchmark baselines POST /bench/tenants/{{tenant}}/bare and POST /bench/bare are mapped", Setting);
        return app;
    }

    private static IResult PostBare(string tenant, InboundMessageRequest request, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var errors = InboundValidation.Check(request, now);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        // Built like the real endpoint builds it, then dropped: the cluster call is what this baseline leaves out.
        _ = InboundValidation.ToMessage(tenant, request, now);
        var conversationId = Guid.NewGuid();
        return Results.Created($"/api/v1/tenants/{tenant}/conversations/{conversationId}",
            new IngestResponse("accepted", conversationId, 1, 1, false));
    }
}
