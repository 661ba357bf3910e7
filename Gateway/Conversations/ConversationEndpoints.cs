namespace Engine.Gateway.Conversations;

using Engine.Canned;
using Engine.Conversations;
using Engine.Gateway.Approval;
using Engine.Gateway.Canned;
using Engine.Gateway.Limits;
using System.Security.Claims;
using Engine.Gateway.Problems;
using Engine.Gateway.Security;
using Engine.Telemetry;

/// <summary>The conversation API under <c>/api/v1/tenants/{tenant}</c>.</summary>
public static class ConversationEndpoints
{
    public static IEndpointRouteBuilder MapConversationApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}")
            .AddEndpointFilter(TenantFilter)
            .WithTags("Conversations");

        tenant.MapPost("/inbound", PostInbound).RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest)
            .WithName("PostInbound")
            .WithSummary("Ingest one message in the normalized inbound format")
            .WithDescription("Idempotent by (channel, platformMessageId): a redelivery answers 200 with status 'duplicate' and the same conversation.")
            .Produces<IngestResponse>(StatusCodes.Status201Created).Produces<IngestResponse>(StatusCodes.Status200OK)
            .ProducesValidationProblem();
        tenant.MapGet("/conversations", ListConversations).RequireAuthorization(EnginePolicies.Read)
            .WithName("ListConversations").WithSummary("List conversations, most recently updated first")
            .ProducesValidationProblem();
        tenant.MapGet("/conversations/{conversationId}", GetConversation).RequireAuthorization(EnginePolicies.Read)
            .WithName("GetConversation").WithSummary("A conversation with its threads, messages in order, notes and clocks")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/replies", PostReply).RequireAuthorization(EnginePolicies.Desk)
            .WithName("PostReply").WithSummary("An agent's reply into a thread; moves the conversation to pending")
            .Produces<ReplyResponse>(StatusCodes.Status201Created).Produces<DraftHeldResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/notes", PostNote).RequireAuthorization(EnginePolicies.Desk)
            .WithName("PostNote").WithSummary("An internal note, never sent to the customer")
            .Produces<NoteResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/status", PostStatus).RequireAuthorization(EnginePolicies.Desk)
            .WithName("PostStatus").WithSummary("Change the conversation's status")
            .Produces<StatusResponse>().Produces<DraftHeldResponse>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/invite-private", PostInvitePrivate).RequireAuthorization(EnginePolicies.Desk)
            .WithName("PostInvitePrivate").WithSummary("A public reply inviting the customer to a private channel; hands the public thread off")
            .Produces<ReplyResponse>(StatusCodes.Status201Created).Produces<DraftHeldResponse>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        return app;
    }

    internal static async ValueTask<object?> TenantFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tenant = context.HttpContext.GetRouteValue("tenant") as string;
        if (tenant is null || !InputRules.TenantPattern().IsMatch(tenant))
            return ProblemResults.Invalid("tenant", "A tenant id is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        // The same answer whether or not the other tenant exists: a caller learns nothing about it.
        if (!context.HttpContext.User.BelongsTo(tenant))
            return ProblemResults.Forbidden($"You are signed in to another tenant, not '{tenant}'.", "tenant");
        return await next(context);
    }

    private static async Task<IResult> PostInbound(string tenant, InboundMessageRequest request, IGrainFactory grains, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var errors = InboundValidation.Check(request, now);
        if (errors.Count > 0)
        {
            EngineTelemetry.RecordRejected(tenant, request.Channel?.ToString().ToLowerInvariant() ?? "unknown");
            return ProblemResults.Invalid(errors);
        }

        var message = InboundValidation.ToMessage(tenant, request, now);
        var outcome = await InboundEntry.For(grains, message).Accept(message);
        var response = new IngestResponse(outcome.Status == IngestStatus.Accepted ? "accepted" : "duplicate",
            outcome.ConversationId, outcome.ThreadId, outcome.Sequence, outcome.ConversationCreated);
        return outcome.Status == IngestStatus.Accepted
            ? Results.Created($"/api/v1/tenants/{tenant}/conversations/{outcome.ConversationId}", response)
            : Results.Ok(response);
    }

    private static async Task<IResult> ListConversations(string tenant, IGrainFactory grains,
        string? status, string? channel, string? updatedSince, string? limit, string? cursor, string? listening)
    {
        var (query, errors) = ListQueryParser.Parse(status, channel, updatedSince, limit, cursor, listening);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var page = await grains.GetGrain<IConversationListGrain>(0).List(tenant, query);
        return Results.Ok(new ConversationListResponse(page.Items, page.Next is null ? null : ListQueryParser.EncodeCursor(page.Next)));
    }

    private static async Task<IResult> GetConversation(string tenant, string conversationId, IGrainFactory grains)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var view = await grains.GetGrain<IConversationGrain>(id).Get(tenant);
        return view is null ? ProblemResults.NotFound($"No conversation {id} for tenant {tenant}.") : Results.Ok(view);
    }

    private static async Task<IResult> PostReply(string tenant, string conversationId, ReplyRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (agentId, refused) = Actors.Resolve(caller, request.AgentId, "agentId");
        if (refused is not null) return refused;
        request = request with { AgentId = agentId };
        var errors = new InputRules.Errors();
        if (request.ThreadId is not > 0) errors.Add("threadId", "Required: the id of a thread of this conversation.");
        errors.RequireId("agentId", request.AgentId);
        errors.RequireText("text", request.Text);
        errors.OptionalId("clientMessageId", request.ClientMessageId);
        errors.Attachments("attachments", request.Attachments);
        errors.OptionalId("cannedResponseId", request.CannedResponseId);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        CannedUse? canned = null;
        if (request.CannedResponseId is { } cannedId)
        {
            // Rendered again here, for this thread and agent, so "unedited" means what the customer got is what the template gave.
            var (rendering, problem) = await CannedResponseEndpoints.RenderFor(grains, tenant, cannedId, id, request.ThreadId, request.AgentId!);
            if (problem is not null) return problem;
            canned = new CannedUse(cannedId, CannedResponseRules.IsUnedited(rendering!.Text, request.Text!));
        }
        var outcome = await grains.GetGrain<IConversationGrain>(id).Reply(tenant,
            new AgentReply(request.ThreadId!.Value, request.AgentId!, request.Text!, request.ClientMessageId, request.Attachments, canned));
        return outcome.Error is { } error
            ? ProblemResults.From(error)
            : ApprovalEndpoints.HeldOr(tenant, id, outcome, () =>
                Results.Created($"/api/v1/tenants/{tenant}/conversations/{id}", new ReplyResponse(id, outcome.CreatedId!, outcome.Version)));
    }

    private static async Task<IResult> PostNote(string tenant, string conversationId, NoteRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (authorId, refused) = Actors.Resolve(caller, request.AuthorId, "authorId");
        if (refused is not null) return refused;
        request = request with { AuthorId = authorId };
        var errors = new InputRules.Errors();
        errors.RequireId("authorId", request.AuthorId);
        errors.RequireText("text", request.Text);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var outcome = await grains.GetGrain<IConversationGrain>(id).AddNote(tenant, new InternalNote(request.AuthorId!, request.Text!));
        return outcome.Error is { } error
            ? ProblemResults.From(error)
            : Results.Created($"/api/v1/tenants/{tenant}/conversations/{id}", new NoteResponse(id, Guid.Parse(outcome.CreatedId!), outcome.Version));
    }

    private static async Task<IResult> PostStatus(string tenant, string conversationId, StatusRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (by, refused) = Actors.Resolve(caller, request.By, "by");
        if (refused is not null) return refused;
        request = request with { By = by };
        var errors = new InputRules.Errors();
        if (request.Status is null) errors.Add("status", "Required.");
        errors.RequireId("by", request.By);
        if (request.Reason is { Length: > 1000 }) errors.Add("reason", "At most 1000 characters.");
        if (request.PublicFollowUp is not null) errors.RequireText("publicFollowUp", request.PublicFollowUp);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var outcome = await grains.GetGrain<IConversationGrain>(id).ChangeStatus(tenant,
            new StatusChange(request.Status!.Value, request.By!, request.Reason, request.Until, request.PublicFollowUp));
        return outcome.Error is { } error
            ? ProblemResults.From(error)
            : ApprovalEndpoints.HeldOr(tenant, id, outcome, () => Results.Ok(new StatusResponse(id, request.Status.Value, outcome.Version)));
    }

    private static async Task<IResult> PostInvitePrivate(string tenant, string conversationId, InvitePrivateRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        if (!Guid.TryParse(conversationId, out var id)) return InvalidConversationId();
        var (agentId, refused) = Actors.Resolve(caller, request.AgentId, "agentId");
        if (refused is not null) return refused;
        request = request with { AgentId = agentId };
        var errors = new InputRules.Errors();
        if (request.ThreadId is not > 0) errors.Add("threadId", "Required: the id of the public thread to hand off.");
        errors.RequireId("agentId", request.AgentId);
        errors.RequireText("text", request.Text);
        if (request.Channel is null) errors.Add("channel", "Required: messenger, x, instagram, whatsApp or email.");
        if (request.CaseReference is { } reference && !CaseReferences.IsValid(reference))
            errors.Add("caseReference", "3-32 letters, digits or '-', with at least one digit.");
        errors.OptionalId("clientMessageId", request.ClientMessageId);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var outcome = await grains.GetGrain<IConversationGrain>(id).InvitePrivate(tenant, new PrivateInvite(
            request.ThreadId!.Value, request.AgentId!, request.Text!, request.Channel!.Value, request.CaseReference, request.ClientMessageId));
        return outcome.Error is { } error
            ? ProblemResults.From(error)
            : ApprovalEndpoints.HeldOr(tenant, id, outcome, () =>
                Results.Created($"/api/v1/tenants/{tenant}/conversations/{id}", new ReplyResponse(id, outcome.CreatedId!, outcome.Version)));
    }

    private static IResult InvalidConversationId() =>
        ProblemResults.Invalid("conversationId", "Must be a conversation id (a GUID).");
}
