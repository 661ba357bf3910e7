namespace Engine.Replay;

/// <summary>The engine's normalized inbound format, as POSTed to <c>/api/v1/tenants/{tenant}/inbound</c>.</summary>
public sealed record InboundBody(
    string Channel,
    string Visibility,
    string PlatformMessageId,
    string? ThreadKey,
    string? InReplyTo,
    InboundAuthor Author,
    string Text,
    DateTimeOffset Timestamp,
    IReadOnlyList<string>? Attachments,
    string? CustomerIdentity);

public sealed record InboundAuthor(string Kind, string Id, string? Name);

/// <summary>One message to send, with the tenant whose inbound endpoint takes it.</summary>
public sealed record ReplayMessage(string Tenant, InboundBody Body);
