namespace Engine.Gateway.Channels;

using System.Security.Claims;
using Engine.Channels;
using Engine.Conversations;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Gateway.Security;
using Engine.Tenants;

/// <summary>
/// The server side of the engine's own web-chat widget: an anonymous visitor starts a session and gets a token with
/// role <c>customer</c>; their messages go through the normal ingest path (channel webchat, private), and they read
/// back only what a customer may see: the messages of their web-chat thread, never notes.
/// </summary>
public static class WebChatEndpoints
{
    private const int MaxNameLength = 100;
    private const int MaxEmailLength = 254;

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/api/v1/webchat/{tenant}").WithTags("Web chat");
        chat.MapPost("/sessions", StartSession).AllowAnonymous()
            .WithName("StartWebChatSession").WithSummary("Start an anonymous web-chat session; answers a visitor token")
            .Produces<WebChatSessionResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        var visitor = chat.MapGroup("").AddEndpointFilter(ConversationEndpoints.TenantFilter).RequireAuthorization(EnginePolicies.WebChat);
        visitor.MapPost("/messages", PostMessage)
            .WithName("PostWebChatMessage").WithSummary("The visitor's message, ingested as channel webchat (idempotent by clientMessageId)")
            .Produces<WebChatMessageResponse>(StatusCodes.Status201Created).Produces<WebChatMessageResponse>()
            .ProducesValidationProblem();
        visitor.MapGet("/conversation", GetConversation)
            .WithName("GetWebChatConversation").WithSummary("The visitor's conversation, as the visitor may see it")
            .Produces<WebChatConversationResponse>();
        return app;
    }

    private static async Task<IResult> StartSession(string tenant, WebChatSessionRequest? request, IGrainFactory grains,
        TokenIssuer issuer, TimeProvider clock)
    {
        var errors = new InputRules.Errors();
        if (!InputRules.TenantPattern().IsMatch(tenant))
            errors.Add("tenant", "A tenant id is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
        var (name, email) = (request?.Name, request?.Email);
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength || InputRules.HasControlCharacters(name)))
            errors.Add("name", $"1-{MaxNameLength} characters without control characters.");
        if (email is not null && (email.Length > MaxEmailLength || email.Count(c => c == '@') != 1 || email.StartsWith('@')
            || email.EndsWith('@') || email.Any(char.IsWhiteSpace) || InputRules.HasControlCharacters(email)))
            errors.Add("email", "Must be an e-mail address such as 'ann@example.com'.");
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        if (await grains.GetGrain<ITenantGrain>(tenant).Profile() is null)
            return ProblemResults.NotFound($"No tenant '{tenant}'.");

        var visitorId = $"v-{Guid.NewGuid():N}";
        await grains.GetGrain<IWebChatVisitorGrain>(WebChatKeys.Visitor(tenant, visitorId)).Start(name, email, clock.GetUtcNow());
        var token = issuer.Issue(tenant, visitorId, name, [EngineRoles.Customer]);
        return Results.Created((string?)null, new WebChatSessionResponse(visitorId, token.AccessToken, token.ExpiresAt));
    }

    private static async Task<IResult> PostMessage(string tenant, WebChatMessageRequest request, ClaimsPrincipal caller,
        IGrainFactory grains, TimeProvider clock)
    {
        var errors = new InputRules.Errors();
        errors.RequireText("text", request.Text);
        errors.OptionalId("clientMessageId", request.ClientMessageId);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);
        var visitorId = caller.SubjectOf()!;
        var visitorGrain = grains.GetGrain<IWebChatVisitorGrain>(WebChatKeys.Visitor(tenant, visitorId));
        if (await visitorGrain.Get() is not { } visitor)
            return ProblemResults.Forbidden("This web-chat session is unknown; start a new one.");

        var now = clock.GetUtcNow();
        var messageId = $"{visitorId}:{request.ClientMessageId ?? Guid.NewGuid().ToString("N")}";
        var message = new InboundMessage(tenant, ChannelKind.Webchat, Visibility.Private, messageId,
            new MessageAuthor(AuthorKind.Customer, $"webchat:{visitorId}", visitor.Name), request.Text!, now, now, ThreadKey: visitorId);
        var outcome = await InboundEntry.For(grains, message).Accept(message);
        await visitorGrain.RecordConversation(outcome.ConversationId);
        var response = new WebChatMessageResponse(outcome.ConversationId, outcome.ThreadId, outcome.Sequence,
            outcome.Status == IngestStatus.Accepted ? "accepted" : "duplicate");
        return outcome.Status == IngestStatus.Accepted ? Results.Created((string?)null, response) : Results.Ok(response);
    }

    private static async Task<IResult> GetConversation(string tenant, ClaimsPrincipal caller, IGrainFactory grains)
    {
        var visitor = await grains.GetGrain<IWebChatVisitorGrain>(WebChatKeys.Visitor(tenant, caller.SubjectOf()!)).Get();
        if (visitor?.ConversationId is not { } id
            || await grains.GetGrain<IConversationGrain>(id).Get(tenant) is not { } view)
            return Results.Ok(new WebChatConversationResponse(null, []));
        var messages = view.Threads.Where(t => t.Channel == ChannelKind.Webchat).SelectMany(t => t.Messages)
            .OrderBy(m => m.PlatformTimestamp).ThenBy(m => m.Sequence)
            .Select(m => new WebChatMessageView(m.PlatformMessageId, m.Direction, m.Text,
                new WebChatAuthorView(m.Author.Kind, m.Author.DisplayName), m.PlatformTimestamp))
            .ToList();
        return Results.Ok(new WebChatConversationResponse(id, messages));
    }
}
