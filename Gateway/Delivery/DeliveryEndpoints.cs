namespace Engine.Gateway.Delivery;

using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using System.Text.RegularExpressions;
using Engine.Conversations;
using Engine.Delivery;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;

/// <summary>A tenant's delivery connectors, one per channel kind, under <c>/api/v1/tenants/{tenant}/delivery</c>.</summary>
public static partial class DeliveryEndpoints
{
    private const int MaxHeaderName = 100;

    /// <summary>Headers the engine sets itself; a connector may not replace them.</summary>
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection", DeliveryRequest.IdempotencyHeader,
    };

    /// <summary>An HTTP header name: RFC 9110 token characters.</summary>
    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex SecretName();

    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/v1/tenants/{tenant}/delivery")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter)
            .WithTags("Delivery");
        tenant.MapGet("/{channel}", Get).RequireAuthorization(EnginePolicies.Supervise).WithName("GetDeliverySettings")
            .Produces<DeliverySettingsBody>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        tenant.MapPut("/{channel}", Put).RequireAuthorization(EnginePolicies.Administer).Audited("delivery.settings.changed").WithName("PutDeliverySettings")
            .WithSummary("Where replies on this channel kind are delivered: an http(s) endpoint, an optional auth header naming a silo secret, and a timeout")
            .Produces<DeliverySettingsBody>().ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Get(string tenant, string channel, IGrainFactory grains)
    {
        if (ParseChannel(channel) is not { } kind) return ProblemResults.Invalid("channel", UnknownChannel(channel));
        return await grains.GetGrain<ITenantDeliveryGrain>(tenant).Get(kind) is { } settings
            ? Results.Ok(DeliverySettingsBody.From(settings))
            : ProblemResults.NotFound($"No delivery connector is configured for {channel}.");
    }

    private static async Task<IResult> Put(string tenant, string channel, DeliverySettingsBody? body, IGrainFactory grains)
    {
        var errors = new InputRules.Errors();
        var kind = ParseChannel(channel);
        if (kind is null) errors.Add("channel", UnknownChannel(channel));
        var settings = Parse(body, errors);
        if (errors.Count > 0 || settings is null || kind is null) return ProblemResults.Invalid(errors);
        await grains.GetGrain<ITenantDeliveryGrain>(tenant).Set(kind.Value, settings);
        return Results.Ok(DeliverySettingsBody.From(settings));
    }

    /// <summary>Every rule of a connector; nothing is stored unless all hold.</summary>
    public static DeliverySettings? Parse(DeliverySettingsBody? body, InputRules.Errors errors)
    {
        if (body is null) { errors.Add("body", "Required: the connector's settings."); return null; }
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(body.BaseUrl)) errors.Add("baseUrl", "Required.");
        else if (body.BaseUrl.Length > InputRules.MaxUrlLength) errors.Add("baseUrl", $"At most {InputRules.MaxUrlLength} characters.");
        else if (!Uri.TryCreate(body.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            errors.Add("baseUrl", "Must be an absolute http or https URL.");
        else if (url.UserInfo.Length > 0) errors.Add("baseUrl", "Must not carry credentials; name a secret with authHeader and secretName.");
        else if (url.Fragment.Length > 0 || url.Query.Length > 0) errors.Add("baseUrl", "Must not have a query or fragment.");

        if (body.AuthHeader is { } header)
        {
            if (header.Length > MaxHeaderName || !HeaderName().IsMatch(header)) errors.Add("authHeader", "Must be an HTTP header name.");
            else if (ReservedHeaders.Contains(header)) errors.Add("authHeader", $"{header} is set by the engine.");
            if (body.SecretName is null) errors.Add("secretName", "Required with authHeader: the name of the secret holding its value.");
        }
        if (body.SecretName is { } secret)
        {
            if (!SecretName().IsMatch(secret)) errors.Add("secretName", "1-64 letters, digits, '_', '.' or '-'.");
            if (body.AuthHeader is null) errors.Add("authHeader", "Required with secretName: the header that carries the secret.");
        }
        if (body.TimeoutSeconds is { } seconds && (double.IsNaN(seconds) || seconds <= 0 || seconds > DeliverySettings.MaxTimeout.TotalSeconds))
            errors.Add("timeoutSeconds", $"Above 0 and at most {DeliverySettings.MaxTimeout.TotalSeconds:0} seconds.");

        if (errors.Count > before) return null;
        var timeout = body.TimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : DeliverySettings.DefaultTimeout;
        return new DeliverySettings(body.BaseUrl!, body.AuthHeader, body.SecretName, timeout);
    }

    /// <summary>A channel kind by its name only (Enum.TryParse would also take numbers and "x,facebook").</summary>
    private static ChannelKind? ParseChannel(string channel) =>
        Enum.GetValues<ChannelKind>().Cast<ChannelKind?>().FirstOrDefault(k => string.Equals(k.ToString(), channel, StringComparison.OrdinalIgnoreCase));

    private static string UnknownChannel(string channel) =>
        $"'{channel}' is not a channel kind; one of: {string.Join(", ", Enum.GetNames<ChannelKind>().Select(n => n.ToLowerInvariant()))}.";
}
