namespace Engine.Gateway.Realtime;

using System.Security.Claims;
using Engine.Gateway.Security;
using Engine.Realtime;

/// <summary>A stream a caller asked for, in its canonical name, within the caller's own tenant.</summary>
/// <param name="WebChatConversation">For <c>webchat:{id}</c>: the conversation the visitor must be the visitor of.</param>
public sealed record StreamGrant(string Tenant, string Stream, Guid? WebChatConversation = null)
{
    public string Key => RealtimeStreams.Key(Tenant, Stream);
}

/// <summary>
/// Who may subscribe to which stream (the tenant is always the caller's own, never named by the client):
/// <c>agent:{id}</c> that agent or a supervisor/admin; <c>conversation:{id}</c> and <c>presence</c> the Read roles;
/// <c>supervisor</c> the Supervise roles; <c>webchat:{id}</c> only a web-chat visitor (whose conversation the hub checks).
/// </summary>
public static class StreamAccess
{
    private const int MaxStreamLength = 300;

    public static (StreamGrant? Grant, string? Refusal) Check(ClaimsPrincipal caller, string? stream)
    {
        var tenant = caller.TenantOf();
        if (tenant is null || caller.IsOperator()) return (null, "Only people and web-chat visitors of a tenant may subscribe.");
        if (string.IsNullOrWhiteSpace(stream) || stream.Length > MaxStreamLength) return (null, "'stream' is required (at most 300 characters).");
        var (kind, rest) = stream.IndexOf(':') is var colon and > 0 ? (stream[..colon], stream[(colon + 1)..]) : (stream, "");
        bool Has(string policy) => caller.HasAnyRole(EnginePolicies.Roles[policy]);
        switch (kind)
        {
            case RealtimeStreams.Presence when rest.Length == 0:
                return Has(EnginePolicies.Read) ? (new(tenant, stream), null) : (null, "The presence stream needs a Read role.");
            case RealtimeStreams.Supervisor when rest.Length == 0:
                return Has(EnginePolicies.Supervise) ? (new(tenant, stream), null) : (null, "The supervisor stream needs a supervisor or admin.");
            case "agent" when rest.Length > 0 && !rest.Any(char.IsControl):
                var self = string.Equals(caller.SubjectOf(), rest, StringComparison.Ordinal) && Has(EnginePolicies.Read);
                return self || caller.HasAnyRole(EngineRoles.Supervisor, EngineRoles.Admin)
                    ? (new(tenant, RealtimeStreams.Agent(rest)), null)
                    : (null, $"Only agent '{rest}', a supervisor or an admin may follow '{stream}'.");
            case "conversation" when Guid.TryParse(rest, out var conversation):
                return Has(EnginePolicies.Read)
                    ? (new(tenant, RealtimeStreams.Conversation(conversation)), null)
                    : (null, "A conversation's stream needs a Read role.");
            case "webchat" when Guid.TryParse(rest, out var chat):
                return caller.IsInRole(EngineRoles.Customer)
                    ? (new(tenant, RealtimeStreams.WebChat(chat), chat), null)
                    : (null, "Only the web-chat visitor of this conversation may follow its web-chat stream.");
            default:
                return (null, $"Unknown stream '{stream}': agent:{{id}}, conversation:{{id}}, presence, supervisor or webchat:{{id}}.");
        }
    }
}
