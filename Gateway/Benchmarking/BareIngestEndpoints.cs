namespace Engine.Gateway.Benchmarking;

using Engine.Benchmarking;
using Engine.Conversations;
using Engine.Gateway.Conversations;
using Engine.Gateway.Hosting;
using Engine.Hosting;
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
/// <item><c>POST /bench/tenants/{tenant}/stored</c>: the headline baseline's pipeline plus the durable writes of an
/// ingested message, straight to the stores (<see cref="StoreFloor"/>); mapped only where the Gateway hosts the silo
/// or is the client of a PostgreSQL cluster (<see cref="AddBareIngestForBenchmarks"/>).</item>
/// <item><c>POST /bench/tenants/{tenant}/stored-in-silo</c>: the same writes made in a silo behind one grain call
/// (<see cref="IStoreFloorGrain"/>): the floor of any design with a silo between the Gateway and the store.</item>
/// </list>
/// </summary>
public static class BareIngestEndpoints
{
    public const string Setting = "Bench:BareEndpoint";

    /// <summary>A client-mode Gateway holds no store. With the baselines on and a PostgreSQL cluster it gets the silos'
    /// PostgreSQL stores on the cluster's database, so its store floor writes as a silo does.</summary>
    public static void AddBareIngestForBenchmarks(this WebApplicationBuilder builder, GatewayClusterOptions cluster)
    {
        if (builder.Configuration.GetValue(Setting, false) && !cluster.Embedded && !string.IsNullOrWhiteSpace(cluster.ConnectionString))
            builder.Services.AddPostgresStores(cluster.ConnectionString);
    }

    public static WebApplication MapBareIngestForBenchmarks(this WebApplication app)
    {
        if (!app.Configuration.GetValue(Setting, false)) return app;
        var tenantScoped = app.MapGroup("/bench/tenants/{tenant}").AddEndpointFilter(ConversationEndpoints.TenantFilter);
        tenantScoped.MapPost("/bare", PostBare).RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest)
            .ExcludeFromDescription();
        // Only where this process holds stores: an embedded silo's, or those added above for a PostgreSQL cluster.
        if (app.Services.GetService<IConversationStore>() is not null)
        {
            var floor = ActivatorUtilities.CreateInstance<StoreFloor>(app.Services);
            tenantScoped.MapPost("/stored", (string tenant, InboundMessageRequest request, TimeProvider clock, CancellationToken cancellationToken) =>
                    PostStored(tenant, request, clock, floor, cancellationToken))
                .RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest).ExcludeFromDescription();
        }
        // Spread over ids and made once, as the inbound endpoint's references are (InboundEntry); on first use, as a
        // client-mode Gateway learns the cluster's grain types only once connected.
        var siloFloors = new Lazy<IStoreFloorGrain[]>(() =>
        {
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            return [.. Enumerable.Range(0, InboundEntry.Entries).Select(id => grains.GetGrain<IStoreFloorGrain>(id))];
        });
        tenantScoped.MapPost("/stored-in-silo", (string tenant, InboundMessageRequest request, TimeProvider clock) =>
                PostStoredInSilo(tenant, request, clock, siloFloors.Value))
            .RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest).ExcludeFromDescription();
        app.MapPost("/bench/bare", (InboundMessageRequest request, TimeProvider clock) => PostBare("bench", request, clock))
            .AllowAnonymous().ExcludeFromDescription();
        app.Logger.LogWarning("{Setting} is on: the benchmark baselines under /bench are mapped", Setting);
        return app;
    }

    private static async Task<IResult> PostStored(string tenant, InboundMessageRequest request, TimeProvider clock,
        StoreFloor floor, CancellationToken cancellationToken)
    {
        if (Checked(tenant, request, clock, out var problem) is not { } message) return problem!;
        var (conversationId, version) = await floor.Write(message, cancellationToken);
        return Accepted(tenant, conversationId, version);
    }

    private static async Task<IResult> PostStoredInSilo(string tenant, InboundMessageRequest request, TimeProvider clock, IStoreFloorGrain[] floors)
    {
        if (Checked(tenant, request, clock, out var problem) is not { } message) return problem!;
        var receipt = await floors[InboundEntry.Entry(message)].Write(message);
        return Accepted(tenant, receipt.ConversationId, receipt.Version);
    }

    // The message is built like the real endpoint builds it, then dropped: the cluster call is what this baseline leaves out.
    private static IResult PostBare(string tenant, InboundMessageRequest request, TimeProvider clock) =>
        Checked(tenant, request, clock, out var problem) is null ? problem! : Accepted(tenant, Guid.NewGuid(), 1);

    /// <summary>The inbound endpoint's checks and message (<see cref="InboundValidation"/>); null, with its 400, for a bad body.</summary>
    private static InboundMessage? Checked(string tenant, InboundMessageRequest request, TimeProvider clock, out IResult? problem)
    {
        var now = clock.GetUtcNow();
        var errors = InboundValidation.Check(request, now);
        problem = errors.Count > 0 ? ProblemResults.Invalid(errors) : null;
        return problem is null ? InboundValidation.ToMessage(tenant, request, now) : null;
    }

    /// <summary>The inbound endpoint's answer to a new message, in the same shape.</summary>
    private static IResult Accepted(string tenant, Guid conversationId, long sequence) =>
        Results.Created($"/api/v1/tenants/{tenant}/conversations/{conversationId}",
            new IngestResponse("accepted", conversationId, 1, sequence, false));
}
