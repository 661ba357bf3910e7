namespace Engine.Gateway.Agents;

using System.Security.Claims;
using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using System.Text.RegularExpressions;
using Engine.Agents;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;

/// <summary>Agents under <c>/api/v1/tenants/{tenant}/agents</c>: profile, presence and offers.</summary>
public static partial class AgentEndpoints
{
    public const int MaxCapacityPerKind = 100;
    public const int MaxSkills = 100;
    public const int MaxQueues = 50;

    /// <summary>Agent, queue and skill names: no slashes (they are parts of grain keys), no spaces.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$")]
    public static partial Regex NamePattern();

    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/v1/tenants/{tenant}/agents")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("Agents");
        agents.MapPut("/{agentId}", PutProfile).RequireAuthorization(EnginePolicies.Supervise).Audited("agent.profile.changed").WithName("PutAgent")
            .WithSummary("Register an agent or replace its skills, capacity per kind of work, and queues")
            .Produces<AgentResponse>().ProducesValidationProblem();
        agents.MapGet("/{agentId}", GetAgent).RequireAuthorization(EnginePolicies.Read).WithName("GetAgent").WithSummary("An agent with presence, assignments and pending offers")
            .Produces<AgentResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        agents.MapPut("/{agentId}/presence", PutPresence).RequireAuthorization(EnginePolicies.Desk).WithName("PutAgentPresence")
            .WithSummary("Set presence; leaving 'available' withdraws pending offers at once")
            .Produces<AgentResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        agents.MapGet("/{agentId}/offers", GetOffers).RequireAuthorization(EnginePolicies.Desk).WithName("GetAgentOffers").WithSummary("The agent's pending offers")
            .Produces<IReadOnlyList<OfferResponseBody>>().ProducesProblem(StatusCodes.Status404NotFound);
        agents.MapPost("/{agentId}/offers/{offerId}/accept", AcceptOffer).RequireAuthorization(EnginePolicies.Desk).WithName("AcceptOffer")
            .WithSummary("Accept an offer: the conversation is assigned to the agent")
            .Produces<AcceptResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        agents.MapPost("/{agentId}/offers/{offerId}/decline", DeclineOffer).RequireAuthorization(EnginePolicies.Desk).WithName("DeclineOffer")
            .WithSummary("Decline an offer: the conversation goes to the next eligible agent")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static void RequireName(this InputRules.Errors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) errors.Add(field, "Required.");
        else if (!NamePattern().IsMatch(value)) errors.Add(field, "1-128 letters, digits, '_', '.', ':', '@' or '-', starting with a letter or digit.");
    }

    private static async Task<IResult> PutProfile(string tenant, string agentId, AgentProfileRequest request, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        errors.RequireName("agentId", agentId);
        if (request.DisplayName is { Length: > 200 }) errors.Add("displayName", "At most 200 characters.");
        var skills = request.Skills ?? [];
        if (skills.Count > MaxSkills) errors.Add("skills", $"At most {MaxSkills} skills.");
        foreach (var (name, level) in skills)
        {
            if (!NamePattern().IsMatch(name)) errors.Add($"skills.{name}", "Not a valid skill name, such as 'lang:en', 'tier' or 'topic:billing'.");
            if (level is < 0 or > 10) errors.Add($"skills.{name}", "A level is 0-10.");
        }
        var capacity = new Dictionary<WorkKind, int>();
        foreach (var (kind, count) in request.Capacity ?? [])
        {
            if (!Enum.TryParse<WorkKind>(kind, ignoreCase: true, out var parsed) || int.TryParse(kind, out _))
                errors.Add($"capacity.{kind}", "Kinds of work are 'social', 'chat' and 'email'.");
            else if (count is < 0 or > MaxCapacityPerKind) errors.Add($"capacity.{kind}", $"Capacity is 0-{MaxCapacityPerKind}.");
            else capacity[parsed] = count;
        }
        var queues = request.Queues ?? [];
        if (queues.Count > MaxQueues) errors.Add("queues", $"At most {MaxQueues} queues.");
        for (var i = 0; i < queues.Count && i < MaxQueues; i++)
            errors.RequireName($"queues[{i}]", queues[i]);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var view = await Agent(grains, tenant, agentId).SetProfile(new AgentProfile(request.DisplayName, skills, capacity, queues.Distinct().ToList()));
        return Results.Ok(AgentResponse.From(view));
    }

    private static async Task<IResult> GetAgent(string tenant, string agentId, IGrainFactory grains) =>
        await Agent(grains, tenant, agentId).Get() is { } view ? Results.Ok(AgentResponse.From(view)) : UnknownAgent(tenant, agentId);

    private static async Task<IResult> PutPresence(string tenant, string agentId, PresenceRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (Actors.RequireSelfOr(caller, agentId, "agentId", EngineRoles.Supervisor, EngineRoles.Admin) is { } forbidden) return forbidden;
        var (by, refused) = Actors.Resolve(caller, request.By, "by");
        if (refused is not null) return refused;
        request = request with { By = by };
        var errors = new InputRules.Errors();
        if (request.Presence is null) errors.Add("presence", "Required: available, away, busy or offline.");
        errors.OptionalId("by", request.By);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var agent = Agent(grains, tenant, agentId);
        if (await agent.SetPresence(request.Presence!.Value, request.By ?? agentId) is { } error) return ProblemResults.From(error);
        return Results.Ok(AgentResponse.From((await agent.Get())!));
    }

    private static async Task<IResult> GetOffers(string tenant, string agentId, IGrainFactory grains, ClaimsPrincipal caller) =>
        Actors.RequireSelfOr(caller, agentId, "agentId", EngineRoles.Supervisor, EngineRoles.Admin) is { } forbidden ? forbidden
        : await Agent(grains, tenant, agentId).Get() is { } view
            ? Results.Ok(view.Offers.Select(AgentResponse.Offer).ToList())
            : UnknownAgent(tenant, agentId);

    private static async Task<IResult> AcceptOffer(string tenant, string agentId, string offerId, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (Actors.RequireSelfOr(caller, agentId, "agentId", EngineRoles.Admin) is { } forbidden) return forbidden;
        if (!Guid.TryParse(offerId, out var id)) return ProblemResults.Invalid("offerId", "Must be an offer id (a GUID).");
        var agent = Agent(grains, tenant, agentId);
        var offer = (await agent.Get())?.Offers.FirstOrDefault(o => o.OfferId == id);
        if (await agent.Accept(id) is { } error) return ProblemResults.From(error);
        return Results.Ok(new AcceptResponse(id, offer?.ConversationId ?? Guid.Empty, agentId));
    }

    private static async Task<IResult> DeclineOffer(string tenant, string agentId, string offerId, IGrainFactory grains, ClaimsPrincipal caller, DeclineRequest? request = null)
    {
        if (Actors.RequireSelfOr(caller, agentId, "agentId", EngineRoles.Admin) is { } forbidden) return forbidden;
        if (!Guid.TryParse(offerId, out var id)) return ProblemResults.Invalid("offerId", "Must be an offer id (a GUID).");
        var reason = request?.Reason;
        if (reason is { Length: > 1000 }) return ProblemResults.Invalid("reason", "At most 1000 characters.");
        return await Agent(grains, tenant, agentId).Decline(id, reason) is { } error ? ProblemResults.From(error) : Results.NoContent();
    }

    internal static IAgentGrain Agent(IGrainFactory grains, string tenant, string agentId) =>
        grains.GetGrain<IAgentGrain>(AgentKeys.Agent(tenant, agentId));

    internal static IResult UnknownAgent(string tenant, string agentId) =>
        ProblemResults.NotFound($"No agent {agentId} in tenant {tenant}.");
}
