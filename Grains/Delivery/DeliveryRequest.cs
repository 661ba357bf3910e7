namespace Engine.Delivery;

using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

/// <summary>What goes over the wire to a delivery endpoint, and how its answer is read. Pure, tested without HTTP.</summary>
public static class DeliveryRequest
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxReasonBody = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary><c>{BaseUrl}/messages</c>, whether or not the base URL ends in a slash.</summary>
    public static Uri MessagesUri(string baseUrl) => new(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), "messages");

    public static string Body(OutboxEntry entry) => JsonSerializer.Serialize(new
    {
        entry.IdempotencyKey,
        entry.Tenant,
        entry.ConversationId,
        entry.Channel,
        entry.Visibility,
        entry.ThreadKey,
        entry.MessageId,
        entry.InReplyTo,
        entry.AuthorId,
        entry.Text,
        entry.Attachments,
        entry.QueuedAt,
    }, Json);

    /// <summary>2xx: delivered (with the platform's id when the body has <c>platformMessageId</c>); 408, 429 and 5xx:
    /// worth trying again; any other answer: refused for good, with the status and the start of the body as reason.</summary>
    public static DeliveryAttempt Classify(HttpStatusCode status, string body)
    {
        var code = (int)status;
        if (code is >= 200 and < 300) return new DeliveryAttempt(DeliveryAttemptKind.Delivered, RemoteMessageId: RemoteId(body));
        var reason = $"HTTP {code} {status}" + (string.IsNullOrWhiteSpace(body) ? "" : $": {Trim(body)}");
        return code is 408 or 429 or >= 500
            ? new DeliveryAttempt(DeliveryAttemptKind.Transient, reason)
            : new DeliveryAttempt(DeliveryAttemptKind.Permanent, reason);
    }

    private static string Trim(string body)
    {
        var flat = body.ReplaceLineEndings(" ").Trim();
        return flat.Length <= MaxReasonBody ? flat : flat[..MaxReasonBody] + "…";
    }

    private static string? RemoteId(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("platformMessageId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null; // an endpoint that answers 2xx with something else still took the message
        }
    }
}
