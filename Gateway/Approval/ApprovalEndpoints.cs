namespace Engine.Gateway.Approval;

using Engine.Approval;
using Engine.Conversations;
using Engine.Gateway.Audit;
using Engine.Gateway.Conversations;
using System.Security.Claims;
using Engine.Gateway.Problems;
using Engine.Gateway.Security;
using Engine.Listening;

/// <summary>Vetting of replies under <c>/api/v1/tenants/{tenant}</c>: the policy, the reviewers' drafts queue, decisions.</summary>
public static class ApprovalEndpoints
{
    public const int MaxRules = 50;
    public const int MaxKeywords = 200;
    public const int MaxKeywordLength = 100;
    public const int MaxNames = 100;
    public const int MaxDraftsListed = 200;

    public static IEndpointRouteBuilder MapApprovalApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("Approval");
        tenant.MapGet("/approval/policy", GetPolicy).RequireAuthorization(EnginePolicies.Read).WithName("GetApprovalPolicy").Produces<ApprovalPolicyBody>();
        tenant.MapPut("/approval/policy", PutPolicy).RequireAuthorization(EnginePolicies.Administer).Audited("approval.policy.changed").WithName("PutApprovalPolicy")
            .WithSummary("Replace the tenant's approval rules (a reply needs approval when any rule applies)")
            .Produces<ApprovalPolicyBody>().ProducesValidationProblem();
        tenant.MapGet("/approval/drafts", GetDrafts).RequireAuthorization(EnginePolicies.Review).WithName("GetPendingDrafts")
            .WithSummary("Drafts waiting for a reviewer, oldest first; with reviewerId only those that reviewer may decide")
            .Produces<DraftQueueResponse>().ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/drafts/{draftId}/approve", Approve).RequireAuthorization(EnginePolicies.Review).WithName("ApproveDraft")
            .WithSummary("Send a held draft as written, or with the reviewer's edited text")
            .Produces<DraftDecisionResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        tenant.MapPost("/conversations/{conversationId}/drafts/{draftId}/reject", Reject).RequireAuthorization(EnginePolicies.Review).WithName("RejectDraft")
            .WithSummary("Send a held draft back to its agent with a comment; nothing is delivered")
            .Produces<DraftDecisionResponse>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        return app;
    }

    /// <summary>202 with the draft id when a command was held for approval; otherwise what the caller would have answered.</summary>
    public static IResult HeldOr(string tenant, Guid conversationId, CommandOutcome outcome, Func<IResult> otherwise) =>
        outcome.Held
            ? Results.Accepted($"/api/v1/tenants/{tenant}/conversations/{conversationId}",
                new DraftHeldResponse(conversationId, Guid.Parse(outcome.CreatedId!), "pending-approval", outcome.Version))
            : otherwise();

    private static async Task<IResult> GetPolicy(string tenant, IGrainFactory grains) =>
        Results.Ok(ApprovalPolicyBody.From(await grains.GetGrain<ITenantApprovalGrain>(tenant).Policy()));

    private static async Task<IResult> PutPolicy(string tenant, ApprovalPolicyBody? body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        var rules = new List<ApprovalRule>();
        if (body?.Rules is not { } given) errors.Add("rules", "Required: a list of rules (may be empty).");
        else if (given.Count > MaxRules) errors.Add("rules", $"At most {MaxRules} rules.");
        else
            for (var i = 0; i < given.Count; i++)
                if (Parse(given[i], $"rules[{i}]", errors) is { } rule) rules.Add(rule);
        foreach (var duplicate in rules.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            errors.Add("rules", $"Rule names must be unique: '{duplicate.Key}' is used more than once.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var policy = new ApprovalPolicy(rules);
        await grains.GetGrain<ITenantApprovalGrain>(tenant).SetPolicy(policy);
        return Results.Ok(ApprovalPolicyBody.From(policy));
    }

    private static ApprovalRule? Parse(ApprovalRuleBody? body, string at, InputRules.Errors errors)
    {
        if (body is null) { errors.Add(at, "Required: a rule."); return null; }
        var before = errors.Count;
        errors.RequireId($"{at}.name", body.Name);
        if (body.Channels is { Count: > 20 }) errors.Add($"{at}.channels", "At most 20 channels.");
        Names(body.AgentGroups, $"{at}.agentGroups", errors);
        Names(body.Reviewers, $"{at}.reviewers", errors);
        if (body.MinRisk is < 0 or > 100) errors.Add($"{at}.minRisk", "A risk score from 0 to 100.");
        if (body.Keywords is { } keywords)
        {
            if (keywords.Count > MaxKeywords) errors.Add($"{at}.keywords", $"At most {MaxKeywords} keywords.");
            else
                for (var k = 0; k < keywords.Count; k++)
                    if (keywords[k] is not { Length: > 0 and <= MaxKeywordLength } word || InputRules.HasControlCharacters(word)
                        || PostText.Tokenize(word.TrimEnd('*')).Length == 0)
                        errors.Add($"{at}.keywords[{k}]", $"A word, phrase or prefix* of at most {MaxKeywordLength} characters with a letter or digit.");
        }
        if (body is { Visibility: null, Channels: null or { Count: 0 }, AgentGroups: null or { Count: 0 }, MinRisk: null, Keywords: null or { Count: 0 } })
            errors.Add(at, "At least one condition: visibility, channels, agentGroups, minRisk or keywords.");
        if (errors.Count > before) return null;
        return new ApprovalRule(body.Name!, body.Visibility, Distinct(body.Channels), Distinct(body.AgentGroups), body.MinRisk,
            Distinct(body.Keywords), Distinct(body.Reviewers));
    }

    private static void Names(IReadOnlyList<string>? names, string at, InputRules.Errors errors)
    {
        if (names is null) return;
        if (names.Count > MaxNames) { errors.Add(at, $"At most {MaxNames} entries."); return; }
        for (var i = 0; i < names.Count; i++)
            errors.RequireId($"{at}[{i}]", names[i]);
    }

    private static IReadOnlyList<T>? Distinct<T>(IReadOnlyList<T>? values) => values is { Count: > 0 } ? [.. values.Distinct()] : null;

    private static async Task<IResult> GetDrafts(string tenant, IGrainFactory grains, string? reviewerId, string? limit)
    {
        var errors = new InputRules.Errors();
        errors.OptionalId("reviewerId", reviewerId);
        var take = 50;
        if (limit is not null && (!int.TryParse(limit, out take) || take is < 1 or > MaxDraftsListed))
            errors.Add("limit", $"A whole number from 1 to {MaxDraftsListed}.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        return Results.Ok(new DraftQueueResponse(await grains.GetGrain<IApprovalQueueGrain>(tenant).Pending(reviewerId, take)));
    }

    private static async Task<IResult> Approve(string tenant, string conversationId, string draftId, ApproveDraftRequest request,
        IGrainFactory grains, ClaimsPrincipal caller)
    {
        var (reviewerId, refused) = Actors.Resolve(caller, request.ReviewerId, "reviewerId");
        if (refused is not null) return refused;
        request = request with { ReviewerId = reviewerId };
        var errors = Ids(conversationId, draftId, out var id, out var draft);
        errors.RequireId("reviewerId", request.ReviewerId);
        if (request.Text is not null) errors.RequireText("text", request.Text);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var outcome = await grains.GetGrain<IConversationGrain>(id).ApproveDraft(tenant, new DraftApproval(draft, request.ReviewerId!, request.Text));
        return outcome.Error is { } error ? ProblemResults.From(error)
            : Results.Ok(new DraftDecisionResponse(id, draft, "approved", outcome.CreatedId, outcome.Version));
    }

    private static async Task<IResult> Reject(string tenant, string conversationId, string draftId, RejectDraftRequest request,
        IGrainFactory grains, ClaimsPrincipal caller)
    {
        var (reviewerId, refused) = Actors.Resolve(caller, request.ReviewerId, "reviewerId");
        if (refused is not null) return refused;
        request = request with { ReviewerId = reviewerId };
        var errors = Ids(conversationId, draftId, out var id, out var draft);
        errors.RequireId("reviewerId", request.ReviewerId);
        errors.RequireText("comment", request.Comment);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var outcome = await grains.GetGrain<IConversationGrain>(id).RejectDraft(tenant, new DraftRejection(draft, request.ReviewerId!, request.Comment!));
        return outcome.Error is { } error ? ProblemResults.From(error)
            : Results.Ok(new DraftDecisionResponse(id, draft, "rejected", null, outcome.Version));
    }

    private static InputRules.Errors Ids(string conversationId, string draftId, out Guid id, out Guid draft)
    {
        var errors = new InputRules.Errors();
        if (!Guid.TryParse(conversationId, out id)) errors.Add("conversationId", "Must be a conversation id (a GUID).");
        if (!Guid.TryParse(draftId, out draft)) errors.Add("draftId", "Must be a draft id (a GUID).");
        return errors;
    }
}
