namespace Engine.Gateway.Routing;

using Engine.Gateway.Audit;
using System.Security.Claims;
using Engine.Gateway.Security;
using Engine.Agents;
using Engine.Conversations;
using Engine.Gateway.Agents;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Routing;

/// <summary>Queues, routing settings and the routing moves on a conversation, under <c>/api/v1/tenants/{tenant}</c>.</summary>
public static class RoutingEndpoints
{
    public const int MaxPartitions = 256;

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("Routing");
        tenant.MapGet("/routing/settings", GetSettings).RequireAuthorization(EnginePolicies.Supervise).WithName("GetRoutingSettings").Produces<RoutingSettingsBody>();
        tenant.MapPut("/routing/settings", PutSettings).RequireAuthorization(EnginePolicies.Administer).Audited("routing.settings.changed").WithName("PutRoutingSettings")
            .WithSummary("Default queue, offline grace period (null keeps assignments) and missed offers before 'away'")
            .Produces<RoutingSettingsBody>().ProducesValidationProblem();
        tenant.MapGet("/queues", ListQueues).RequireAuthorization(EnginePolicies.Read).WithName("ListQueues").Produces<IReadOnlyList<QueueResponse>>();
        tenant.MapPut("/queues/{queueId}", PutQueue).RequireAuthorization(EnginePolicies.Administer).Audited("queue.changed").WithName("PutQueue").WithSummary("Define or change a queue")
            .Produces<QueueResponse>().ProducesValidationProblem();
        tenant.MapGet("/queues/{queueId}/stats", QueueStatsOf).RequireAuthorization(EnginePolicies.Read).WithName("GetQueueStats")
            .WithSummary("Depth, longest wait, agents and assignments, over all partitions").Produces<QueueStatsResponse>();
        tenant.MapGet("/conversations/{conversationId}/queue-position", Position).RequireAuthorization(EnginePolicies.Read).WithName("GetQueuePosition")
            .WithSummary("Position and estimated wait of a waiting conversation")
            .Produces<QueuePositionResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapPost("/conversations/{conversationId}/assignment", Assign).RequireAuthorization(EnginePolicies.Supervise).Audited("conversation.assigned-manually").WithName("AssignConversation")
            .WithSummary("A supervisor assigns the conversation to an agent, within the agent's capacity")
            .Produces<RoutingResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/transfer", Transfer).RequireAuthorization(EnginePolicies.Desk).Audited("conversation.transferred").WithName("TransferConversation")
            .WithSummary("Transfer to an agent or to a queue")
            .Produces<RoutingResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/escalation", Escalate).RequireAuthorization(EnginePolicies.Desk).WithName("EscalateConversation")
            .WithSummary("Raise the tier the conversation needs and queue it for such an agent")
            .Produces<RoutingResponse>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> GetSettings(string tenant, IGrainFactory grains) =>
        Results.Ok(RoutingSettingsBody.From(await grains.GetGrain<ITenantRoutingGrain>(tenant).Settings()));

    private static async Task<IResult> PutSettings(string tenant, RoutingSettingsBody body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        if (body.DefaultQueue is not null) errors.RequireName("defaultQueue", body.DefaultQueue);
        if (body.OfflineGraceSeconds is < 0 or > 86_400) errors.Add("offlineGraceSeconds", "0-86400 seconds, or null to keep assignments.");
        if (body.MaxMissedOffers is < 0 or > 100) errors.Add("maxMissedOffers", "0-100; 0 never sets an agent away.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var settings = new TenantRoutingSettings(body.DefaultQueue ?? TenantRoutingSettings.Default.DefaultQueue,
            body.OfflineGraceSeconds is { } s ? TimeSpan.FromSeconds(s) : null, body.MaxMissedOffers ?? TenantRoutingSettings.Default.MaxMissedOffers);
        await grains.GetGrain<ITenantRoutingGrain>(tenant).SetSettings(settings);
        return Results.Ok(RoutingSettingsBody.From(settings));
    }

    private static async Task<IResult> ListQueues(string tenant, IGrainFactory grains) =>
        Results.Ok((await grains.GetGrain<ITenantRoutingGrain>(tenant).Queues()).Select(QueueResponse.From).ToList());

    private static async Task<IResult> PutQueue(string tenant, string queueId, QueueBody body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        errors.RequireName("queueId", queueId);
        foreach (var (name, level) in body.Requirements ?? [])
            if (!AgentEndpoints.NamePattern().IsMatch(name) || level is < 0 or > 10)
                errors.Add($"requirements.{name}", "A skill name with a level of 0-10.");
        if (body.OfferTimeoutSeconds is < 1 or > 3600) errors.Add("offerTimeoutSeconds", "1-3600 seconds.");
        if (body.Partitions is < 1 or > MaxPartitions) errors.Add("partitions", $"1-{MaxPartitions}.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var defaults = QueueDefinition.Default(queueId);
        var defined = await grains.GetGrain<ITenantRoutingGrain>(tenant).DefineQueue(new QueueDefinition(queueId,
            body.Requirements ?? [], body.Strategy ?? defaults.Strategy, body.AutoAccept ?? false,
            body.OfferTimeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : defaults.OfferTimeout, body.Partitions ?? 1));
        return Results.Ok(QueueResponse.From(defined));
    }

    private static async Task<IResult> QueueStatsOf(string tenant, string queueId, IGrainFactory grains)
    {
        if (!AgentEndpoints.NamePattern().IsMatch(queueId)) return ProblemResults.Invalid("queueId", "Not a queue name.");
        var definition = await grains.GetGrain<ITenantRoutingGrain>(tenant).Queue(queueId);
        var parts = await Task.WhenAll(Enumerable.Range(0, definition.Partitions)
            .Select(p => grains.GetGrain<IQueueGrain>(QueueKeys.Partition(tenant, queueId, p)).Stats()));
        var s = QueueStats.Merge(queueId, parts);
        return Results.Ok(new QueueStatsResponse(queueId, s.Waiting + s.Offered, s.Waiting, s.Offered, s.LongestWait.TotalSeconds,
            s.AgentsKnown, s.AgentsReady, s.Assigned, s.Partitions));
    }

    private static async Task<IResult> Position(string tenant, string conversationId, IGrainFactory grains)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        if (await grains.GetGrain<IConversationGrain>(id).Routing(tenant) is not { } routing)
            return ProblemResults.NotFound($"No conversation {id} for tenant {tenant}.");
        if (routing.QueueId is not { } queueId)
            return ProblemResults.NotFound($"Conversation {id} is not waiting in a queue.");
        var definition = await grains.GetGrain<ITenantRoutingGrain>(tenant).Queue(queueId);
        var partition = grains.GetGrain<IQueueGrain>(QueueKeys.Partition(tenant, queueId, QueueKeys.PartitionOf(id, definition.Partitions)));
        return await partition.Position(id) is { } p
            ? Results.Ok(new QueuePositionResponse(id, p.QueueId, p.Position, p.Offered, p.Waited.TotalSeconds, p.EstimatedWait?.TotalSeconds))
            : ProblemResults.NotFound($"Conversation {id} is on its way into queue {queueId}; ask again shortly.");
    }

    private static async Task<IResult> Assign(string tenant, string conversationId, AssignRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (by, refused) = Actors.Resolve(caller, request.By, "by");
        if (refused is not null) return refused;
        request = request with { By = by };
        var errors = new InputRules.Errors();
        errors.RequireName("agentId", request.AgentId);
        errors.RequireId("by", request.By);
        if (request.Reason is { Length: > 1000 }) errors.Add("reason", "At most 1000 characters.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var error = await AgentEndpoints.Agent(grains, tenant, request.AgentId!).Assign(id, AssignmentKind.Manual, request.By!, request.Reason);
        return await Answer(tenant, id, error, grains);
    }

    private static async Task<IResult> Transfer(string tenant, string conversationId, TransferRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (by, refused) = Actors.Resolve(caller, request.By, "by");
        if (refused is not null) return refused;
        request = request with { By = by };
        var errors = new InputRules.Errors();
        if ((request.ToAgentId is null) == (request.ToQueueId is null))
            errors.Add("toAgentId", "Give exactly one of toAgentId and toQueueId.");
        if (request.ToAgentId is not null) errors.RequireName("toAgentId", request.ToAgentId);
        if (request.ToQueueId is not null) errors.RequireName("toQueueId", request.ToQueueId);
        errors.RequireId("by", request.By);
        if (request.Reason is { Length: > 1000 }) errors.Add("reason", "At most 1000 characters.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var error = request.ToAgentId is { } agentId
            ? await AgentEndpoints.Agent(grains, tenant, agentId).Assign(id, AssignmentKind.Transfer, request.By!, request.Reason)
            : (await grains.GetGrain<IConversationGrain>(id).Requeue(tenant, new RequeueRequest(request.ToQueueId, request.By!, request.Reason))).Error;
        return await Answer(tenant, id, error, grains);
    }

    private static async Task<IResult> Escalate(string tenant, string conversationId, EscalationBody request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (by, refused) = Actors.Resolve(caller, request.By, "by");
        if (refused is not null) return refused;
        request = request with { By = by };
        var errors = new InputRules.Errors();
        if (request.Tier is not (>= 2 and <= 10)) errors.Add("tier", "Required: the tier it needs now, 2-10.");
        if (request.QueueId is not null) errors.RequireName("queueId", request.QueueId);
        errors.RequireId("by", request.By);
        if (request.Reason is { Length: > 1000 }) errors.Add("reason", "At most 1000 characters.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var outcome = await grains.GetGrain<IConversationGrain>(id).Escalate(tenant,
            new EscalationRequest(request.Tier!.Value, request.QueueId, request.By!, request.Reason));
        return await Answer(tenant, id, outcome.Error, grains);
    }

    private static async Task<IResult> Answer(string tenant, Guid id, CommandError? error, IGrainFactory grains)
    {
        if (error is not null) return ProblemResults.From(error);
        var view = await grains.GetGrain<IConversationGrain>(id).Get(tenant);
        return view is null
            ? ProblemResults.NotFound($"No conversation {id} for tenant {tenant}.")
            : Results.Ok(new RoutingResponse(id, view.Assignee, view.QueueId, view.Tier, view.Version));
    }

    private static IResult InvalidConversationId() => ProblemResults.Invalid("conversationId", "Must be a conversation id (a GUID).");
}
