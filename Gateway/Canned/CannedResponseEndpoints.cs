namespace Engine.Gateway.Canned;

using System.Security.Claims;
using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using System.Globalization;
using Engine.Agents;
using Engine.Canned;
using Engine.Conversations;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;

/// <summary>A tenant's canned responses under <c>/api/v1/tenants/{tenant}/canned-responses</c>: CRUD, search, render.</summary>
public static class CannedResponseEndpoints
{
    private const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapCannedResponseApi(this IEndpointRouteBuilder app)
    {
        var canned = app.MapGroup("/api/v1/tenants/{tenant}/canned-responses")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter).WithTags("Canned responses");
        canned.MapGet("/", List).RequireAuthorization(EnginePolicies.Read).WithName("ListCannedResponses")
            .WithSummary("Canned responses; q= finds by shortcut prefix first, then by words of title or text")
            .Produces<CannedResponseList>().ProducesValidationProblem();
        canned.MapPost("/", Create).RequireAuthorization(EnginePolicies.Supervise).Audited("canned-response.created").WithName("CreateCannedResponse")
            .WithSummary("Save a response; variables {{customer.name}}, {{agent.name}}, {{case.reference}}, optionally {{name|fallback}}")
            .Produces<CannedResponse>(StatusCodes.Status201Created).Produces<CannedResponse>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        canned.MapGet("/{id}", Get).RequireAuthorization(EnginePolicies.Read).WithName("GetCannedResponse").Produces<CannedResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        canned.MapPut("/{id}", Update).RequireAuthorization(EnginePolicies.Supervise).Audited("canned-response.changed").WithName("UpdateCannedResponse").Produces<CannedResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        canned.MapDelete("/{id}", Delete).RequireAuthorization(EnginePolicies.Supervise).Audited("canned-response.deleted").WithName("DeleteCannedResponse").Produces(StatusCodes.Status204NoContent);
        canned.MapGet("/{id}/render", Render).RequireAuthorization(EnginePolicies.Read).WithName("RenderCannedResponse")
            .WithSummary("The response filled in for a conversation and agent, its length and the channel's limit")
            .Produces<CannedRendering>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> List(string tenant, string? q, string? limit, IGrainFactory grains)
    {
        var take = 50;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) && take is >= 1 and <= MaxLimit))
            return ProblemResults.Invalid("limit", $"Must be a whole number from 1 to {MaxLimit}.");
        if (q is { Length: > 200 }) return ProblemResults.Invalid("q", "At most 200 characters.");
        return Results.Ok(new CannedResponseList(await grains.GetGrain<ICannedResponsesGrain>(tenant).Search(q, take)));
    }

    private static async Task<IResult> Create(string tenant, CannedResponseRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        var (actor, forbidden) = Actors.Resolve(caller, request.By, "by");
        if (forbidden is not null) return forbidden;
        request = request with { By = actor };
        if (Check(request, out var draft) is { } invalid) return invalid;
        var outcome = await grains.GetGrain<ICannedResponsesGrain>(tenant).Create(draft);
        if (outcome.Error is { } error) return ProblemResults.From(error);
        return outcome.Created
            ? Results.Created($"/api/v1/tenants/{tenant}/canned-responses/{outcome.Response!.Id}", outcome.Response)
            : Results.Ok(outcome.Response);
    }

    private static async Task<IResult> Get(string tenant, string id, IGrainFactory grains) =>
        await grains.GetGrain<ICannedResponsesGrain>(tenant).Get(id) is { } response
            ? Results.Ok(response) : ProblemResults.NotFound($"No canned response {id} for tenant {tenant}.");

    private static async Task<IResult> Update(string tenant, string id, CannedResponseRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        var (actor, forbidden) = Actors.Resolve(caller, request.By, "by");
        if (forbidden is not null) return forbidden;
        request = request with { By = actor };
        if (Check(request, out var draft) is { } invalid) return invalid;
        var outcome = await grains.GetGrain<ICannedResponsesGrain>(tenant).Update(id, draft, request.ExpectedVersion);
        return outcome.Error is { } error ? ProblemResults.From(error) : Results.Ok(outcome.Response);
    }

    /// <summary>204 whether or not it existed: deleting twice is the same as deleting once.</summary>
    private static async Task<IResult> Delete(string tenant, string id, IGrainFactory grains)
    {
        await grains.GetGrain<ICannedResponsesGrain>(tenant).Delete(id);
        return Results.NoContent();
    }

    private static async Task<IResult> Render(string tenant, string id, string? conversationId, string? agentId, string? threadId,
        IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        if (!Guid.TryParse(conversationId, out var conversation)) errors.Add("conversationId", "Required: a conversation id (GUID).");
        errors.RequireId("agentId", agentId);
        int? thread = null;
        if (threadId is not null)
        {
            if (int.TryParse(threadId, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t > 0) thread = t;
            else errors.Add("threadId", "Must be the id of a thread of the conversation.");
        }
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var (rendering, problem) = await RenderFor(grains, tenant, id, conversation, thread, agentId!);
        return problem ?? Results.Ok(rendering);
    }

    /// <summary>Renders a response for a reply in a conversation; the reply endpoint uses it to tell unedited from edited.</summary>
    public static async Task<(CannedRendering? Rendering, IResult? Problem)> RenderFor(IGrainFactory grains, string tenant, string responseId,
        Guid conversationId, int? threadId, string agentId)
    {
        var view = await grains.GetGrain<IConversationGrain>(conversationId).Get(tenant);
        if (view is null) return (null, ProblemResults.NotFound($"No conversation {conversationId} for tenant {tenant}."));
        var agent = await grains.GetGrain<IAgentGrain>(AgentKeys.Agent(tenant, agentId)).Get();
        if (CannedContextBuilder.From(view, threadId, agent?.Profile.DisplayName) is not { } context)
            return (null, ProblemResults.Invalid("threadId", $"Conversation has no thread {threadId}."));
        var rendering = await grains.GetGrain<ICannedResponsesGrain>(tenant).Render(responseId, context);
        return rendering is null
            ? (null, ProblemResults.NotFound($"No canned response {responseId} for tenant {tenant}."))
            : (rendering, null);
    }

    private static IResult? Check(CannedResponseRequest request, out CannedResponseDraft draft)
    {
        draft = new CannedResponseDraft(request.Shortcut ?? "", request.Title ?? "", request.Text ?? "", request.By ?? "");
        var errors = new InputRules.Errors();
        errors.RequireId("by", request.By);
        errors.RequireText("text", request.Text);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        // The same rules the grain keeps, answered as 400 naming the field (a template error says where it is).
        return CannedResponseRules.Check(draft) is { Field: { } field } error ? ProblemResults.Invalid(field, error.Message) : null;
    }
}
