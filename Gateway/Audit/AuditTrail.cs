namespace Engine.Gateway.Audit;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Audit;
using Engine.Gateway.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

/// <summary>
/// Records an endpoint's successful actions in the tenant's audit log before the caller hears of the success: who
/// (person, key or operator), the action, its target (the route's ids) and its input with secrets removed.
/// </summary>
public static class AuditTrail
{
    private static readonly string[] SecretWords = ["password", "secret", "token", "apikey"];

    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            if (result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
                await Record(context, action);
            return result;
        });

    private static async Task Record(EndpointFilterInvocationContext context, string action)
    {
        var http = context.HttpContext;
        if (http.GetRouteValue("tenant") is not string tenant) return;
        var services = http.RequestServices;
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var target = string.Join('/', http.Request.RouteValues.Where(v => v.Key != "tenant").Select(v => $"{v.Key}={v.Value}"));
        // The argument bound from the body, as the endpoint declares it.
        var bodyType = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        var body = bodyType is null ? null : context.Arguments.FirstOrDefault(a => a is not null && bodyType.IsInstanceOfType(a));
        var details = body is null ? null : Redact(JsonSerializer.SerializeToNode(body, body.GetType(), json))?.ToJsonString(json);
        var clock = services.GetRequiredService<TimeProvider>();
        await services.GetRequiredService<IGrainFactory>().GetGrain<IAuditLogGrain>(AuditKeys.Month(tenant, clock.GetUtcNow()))
            .Append(Actor(http), action, target, details);
    }

    private static string Actor(HttpContext http) =>
        http.User.IsOperator() ? "operator" : $"{(http.User.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName ? "key" : "user")}:{http.User.SubjectOf()}";

    private static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                    if (SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase))) obj[name] = "[redacted]";
                    else Redact(obj[name]);
                break;
            case JsonArray array:
                foreach (var item in array) Redact(item);
                break;
        }
        return node;
    }
}
