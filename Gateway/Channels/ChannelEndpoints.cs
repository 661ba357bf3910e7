namespace Engine.Gateway.Channels;

using Engine.Gateway.Limits;
using Engine.Gateway.Security;
using System.Text.Json;
using Engine.Conversations;
using Engine.Gateway.Conversations;
using Engine.Gateway.Insight;
using Engine.Gateway.Problems;
using Engine.Telemetry;
using Microsoft.Extensions.Options;

/// <summary>
/// Platform webhooks under <c>/webhooks/{platform}/{tenant}</c>. A delivery is checked in this order: the tenant has
/// the platform configured (else 404), the signature over the raw body matches (else 401, nothing stored), the body
/// has the platform's shape (else 400 naming the JSON path); then every message in it is ingested idempotently.
/// </summary>
public static class ChannelEndpoints
{
    public sealed record WebhookResult(int Accepted, int Duplicates, int Ignored, int HandOvers = 0, int Engagement = 0);

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static IEndpointRouteBuilder MapChannelWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Channel webhooks")
            // Platforms prove who they are with the signature on each delivery, checked by each handler.
            .AllowAnonymous();
        hooks.MapGet("/x/{tenant}", XChallenge).WithSummary("X Account Activity CRC challenge");
        hooks.MapPost("/x/{tenant}", XDelivery).RequireRateLimiting(RateLimits.Ingest).WithSummary("X Account Activity delivery (tweets and DMs)")
            .Produces<WebhookResult>().ProducesProblem(401).ProducesProblem(400);
        hooks.MapGet("/meta/{tenant}", MetaVerification).WithSummary("Messenger / Instagram webhook verification");
        hooks.MapPost("/meta/{tenant}", MetaDelivery).RequireRateLimiting(RateLimits.Ingest).WithSummary("Messenger / Instagram messaging delivery")
            .Produces<WebhookResult>().ProducesProblem(401).ProducesProblem(400);
        return app;
    }

    private static IResult XChallenge(string tenant, string? crc_token, IOptionsMonitor<ChannelOptions> options)
    {
        if (Secrets(options, tenant)?.XConsumerSecret is not { } secret) return NotConfigured(tenant, "X");
        if (string.IsNullOrEmpty(crc_token)) return ProblemResults.Invalid("crc_token", "Required.");
        return Results.Ok(new { response_token = WebhookSignatures.X(secret, System.Text.Encoding.UTF8.GetBytes(crc_token)) });
    }

    private static Task<IResult> XDelivery(string tenant, HttpRequest request, IOptionsMonitor<ChannelOptions> options,
        IGrainFactory grains, TimeProvider clock) =>
        Deliver(tenant, request, grains, clock, Secrets(options, tenant)?.XConsumerSecret, "x", "x-twitter-webhooks-signature",
            (key, body) => WebhookSignatures.X(key, body), XAccountActivity.Translate);

    private static IResult MetaVerification(string tenant, HttpRequest request, IOptionsMonitor<ChannelOptions> options)
    {
        if (Secrets(options, tenant)?.MetaVerifyToken is not { } token) return NotConfigured(tenant, "Messenger/Instagram");
        var query = request.Query;
        if (query["hub.mode"] != "subscribe") return ProblemResults.Invalid("hub.mode", "Must be 'subscribe'.");
        if (!WebhookSignatures.Matches(token, query["hub.verify_token"]))
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong verify token.");
        return Results.Text(query["hub.challenge"].ToString(), "text/plain");
    }

    private static Task<IResult> MetaDelivery(string tenant, HttpRequest request, IOptionsMonitor<ChannelOptions> options,
        IGrainFactory grains, TimeProvider clock) =>
        Deliver(tenant, request, grains, clock, Secrets(options, tenant)?.MetaAppSecret, "messenger/instagram", "X-Hub-Signature-256",
            (key, body) => WebhookSignatures.Meta(key, body), MetaMessaging.Translate);

    private static async Task<IResult> Deliver(string tenant, HttpRequest request, IGrainFactory grains, TimeProvider clock,
        string? secret, string platform, string signatureHeader, Func<string, byte[], string> sign,
        Func<string, JsonElement, DateTimeOffset, ChannelTranslation> translate)
    {
        if (secret is null) return NotConfigured(tenant, platform);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.ToArray();
        if (!WebhookSignatures.Matches(sign(secret, body), request.Headers[signatureHeader]))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Bad signature.",
                detail: $"The {signatureHeader} header does not match the body signed with the tenant's {platform} secret.");

        ChannelTranslation translation;
        try
        {
            // Some senders put a UTF-8 byte-order mark before the JSON; it is signed, but it is not JSON.
            using var json = JsonDocument.Parse(body.AsMemory(body.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0));
            translation = translate(tenant, json.RootElement, clock.GetUtcNow());
        }
        catch (JsonException e)
        {
            EngineTelemetry.RecordRejected(tenant, platform);
            return ProblemResults.Invalid(e.Path ?? "$", $"Malformed JSON (line {e.LineNumber + 1}).");
        }
        catch (ChannelPayloadException e)
        {
            EngineTelemetry.RecordRejected(tenant, platform);
            return ProblemResults.Invalid(e.Path, e.Message);
        }
        foreach (var message in translation.Messages)
        {
            var errors = InboundValidation.Check(InboundValidation.ToRequest(message), message.ReceivedAt);
            if (errors.Count > 0)
            {
                EngineTelemetry.RecordRejected(tenant, platform);
                return ProblemResults.Invalid(errors);
            }
        }

        int accepted = 0, duplicates = 0;
        foreach (var message in translation.Messages)
        {
            var outcome = await InboundEntry.For(grains, message).Accept(message);
            if (outcome.Status == IngestStatus.Accepted) accepted++; else duplicates++;
        }
        // A hand-over on a thread the engine never saw has nothing to attach to.
        int handOvers = 0, ignored = translation.Ignored;
        foreach (var control in translation.Controls ?? [])
        {
            var known = await grains.GetGrain<IThreadDirectoryGrain>(ConversationKeys.Thread(tenant, control.Channel, control.ThreadKey)).Known();
            var recorded = known is { } id && (await grains.GetGrain<IConversationGrain>(id).RecordThreadControl(tenant, control)).Succeeded;
            if (recorded) handOvers++; else ignored++;
        }
        foreach (var update in translation.Engagement ?? [])
            await EngagementIntake.Observe(grains, tenant, update);
        return Results.Ok(new WebhookResult(accepted, duplicates, ignored, handOvers, translation.Engagement?.Count ?? 0));
    }

    private static TenantChannels? Secrets(IOptionsMonitor<ChannelOptions> options, string tenant) =>
        options.CurrentValue.Tenants.GetValueOrDefault(tenant);

    private static IResult NotConfigured(string tenant, string platform) =>
        ProblemResults.NotFound($"Tenant '{tenant}' has no {platform} channel configured.");
}
