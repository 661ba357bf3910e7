namespace Engine.Gateway.Listening;

using Engine.Gateway.Limits;
using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using System.Text.RegularExpressions;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Insight;
using Engine.Listening;

/// <summary>Listening rules and the listening feed, under <c>/api/v1/tenants/{tenant}/listening</c>.</summary>
public static partial class ListeningEndpoints
{
    public const int MaxQueryLength = 2_000;
    public const int MaxPostsPerBatch = 1_000;
    public const int MaxRecipients = 50;

    public static IEndpointRouteBuilder MapListeningApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}/listening")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("Listening");
        tenant.MapGet("/rules", ListRules).RequireAuthorization(EnginePolicies.Supervise).WithName("ListListeningRules").Produces<IReadOnlyList<ListeningRuleResponse>>();
        tenant.MapGet("/rules/{ruleId}", GetRule).RequireAuthorization(EnginePolicies.Supervise).WithName("GetListeningRule")
            .Produces<ListeningRuleResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapPut("/rules/{ruleId}", PutRule).RequireAuthorization(EnginePolicies.Supervise).Audited("listening.rule.changed").WithName("PutListeningRule")
            .WithSummary("Save a rule in the listening language; a rule that does not parse is refused with the column of the mistake")
            .Produces<ListeningRuleResponse>().ProducesValidationProblem();
        tenant.MapDelete("/rules/{ruleId}", DeleteRule).RequireAuthorization(EnginePolicies.Supervise).Audited("listening.rule.deleted").WithName("DeleteListeningRule")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapPost("/posts", PostPosts).RequireAuthorization(EnginePolicies.Ingest).RequireRateLimiting(RateLimits.Ingest).WithName("PostListeningPosts")
            .WithSummary("A batch of public posts: each that matches a rule opens a proactive conversation; others store nothing")
            .WithDescription("Idempotent per (channel, postId): a redelivered match answers 'duplicate' with the same conversation.")
            .Produces<ListeningPostsResponse>().ProducesValidationProblem();
        return app;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex RuleIdPattern();

    private static async Task<IResult> ListRules(string tenant, IGrainFactory grains) =>
        Results.Ok((await grains.GetGrain<IListeningRulesGrain>(tenant).List()).Select(r => new ListeningRuleResponse(r.Id, r.Query)).ToList());

    private static async Task<IResult> GetRule(string tenant, string ruleId, IGrainFactory grains) =>
        await grains.GetGrain<IListeningRulesGrain>(tenant).Get(ruleId) is { } rule
            ? Results.Ok(new ListeningRuleResponse(rule.Id, rule.Query))
            : ProblemResults.NotFound($"No listening rule '{ruleId}'.");

    private static async Task<IResult> PutRule(string tenant, string ruleId, ListeningRuleBody body, IGrainFactory grains)
    {
        if (!RuleIdPattern().IsMatch(ruleId))
            return ProblemResults.Invalid("ruleId", "A rule id is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        var errors = new InputRules.Errors();
        errors.RequireText("query", body.Query);
        if (body.Query is { Length: > MaxQueryLength }) errors.Add("query", $"At most {MaxQueryLength} characters.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        if (await grains.GetGrain<IListeningRulesGrain>(tenant).Put(new ListeningRule(ruleId, body.Query!)) is { } problem)
            // The column is also an extension member, so an editor can put the cursor on the mistake.
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [problem.Message] },
                title: "The rule does not parse.", detail: problem.Message,
                extensions: new Dictionary<string, object?> { ["column"] = problem.Column });
        return Results.Ok(new ListeningRuleResponse(ruleId, body.Query!));
    }

    private static async Task<IResult> DeleteRule(string tenant, string ruleId, IGrainFactory grains) =>
        await grains.GetGrain<IListeningRulesGrain>(tenant).Delete(ruleId)
            ? Results.NoContent()
            : ProblemResults.NotFound($"No listening rule '{ruleId}'.");

    private static async Task<IResult> PostPosts(string tenant, ListeningPostsRequest request, IGrainFactory grains, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var errors = new InputRules.Errors();
        var posts = new List<ListeningPost>();
        if (request.Posts is not { Count: > 0 } list) errors.Add("posts", "Required: at least one post.");
        else if (list.Count > MaxPostsPerBatch) errors.Add("posts", $"At most {MaxPostsPerBatch} posts per batch.");
        else
            for (var i = 0; i < list.Count; i++)
                if (Post(list[i], $"posts[{i}]", now, errors) is { } post) posts.Add(post);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var outcomes = await grains.GetGrain<IListeningFeedGrain>(tenant).Accept(posts);
        return Results.Ok(new ListeningPostsResponse(
            outcomes.Count(o => o.Status == ListeningStatus.Accepted), outcomes.Count(o => o.Status == ListeningStatus.Unmatched),
            outcomes.Count(o => o.Status == ListeningStatus.Duplicate), outcomes.Select(ListeningPostResult.From).ToList()));
    }

    private static ListeningPost? Post(ListeningPostBody? body, string at, DateTimeOffset now, InputRules.Errors errors)
    {
        if (body is null) { errors.Add(at, "Required: a post."); return null; }
        var before = errors.Count;
        errors.RequireId($"{at}.postId", body.PostId);
        if (body.Channel is null) errors.Add($"{at}.channel", "Required.");
        errors.RequireText($"{at}.text", body.Text);
        if (body.Author is null) errors.Add($"{at}.author", "Required.");
        else
        {
            errors.Identity($"{at}.author.id", body.Author.Id, required: true);
            errors.OptionalId($"{at}.author.handle", body.Author.Handle);
            errors.OptionalId($"{at}.author.name", body.Author.Name);
            if (body.Author.Followers is < 0 or > InputRules.MaxFollowers) errors.Add($"{at}.author.followers", $"A count from 0 to {InputRules.MaxFollowers}.");
        }
        if (body.PostedAt is null) errors.Add($"{at}.postedAt", "Required.");
        else if (body.PostedAt < InputRules.EarliestTimestamp || body.PostedAt > now + InputRules.AllowedClockSkew)
            errors.Add($"{at}.postedAt", $"Must lie between {InputRules.EarliestTimestamp:yyyy-MM-dd} and one day from now.");
        if (body.Lang is { } lang && (lang.Length is 0 or > 16 || !lang.All(c => char.IsAsciiLetter(c) || c == '-')))
            errors.Add($"{at}.lang", "A language code such as 'en' or 'pt-BR'.");
        if (body.Recipients is { Count: > MaxRecipients }) errors.Add($"{at}.recipients", $"At most {MaxRecipients} handles.");
        else
            for (var i = 0; i < (body.Recipients?.Count ?? 0); i++)
                errors.RequireId($"{at}.recipients[{i}]", body.Recipients![i]);
        errors.OptionalId($"{at}.inReplyTo", body.InReplyTo);
        if (errors.Count > before) return null;
        var a = body.Author!;
        var influence = a.Followers is null && a.Verified is null ? null : new AuthorInfluence(a.Followers ?? 0, a.Verified ?? false);
        return new ListeningPost(body.PostId!, body.Channel!.Value, body.Text!, body.Lang, a.Handle, body.Recipients, a.Id,
            body.PostedAt, body.InReplyTo, influence, a.Name);
    }
}
