namespace Engine.Channels;

/// <summary>A visitor of the engine's own web-chat widget, and the conversation their messages go to.</summary>
[GenerateSerializer, Alias("engine.WebChatVisitor")]
public sealed record WebChatVisitor(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] Guid? ConversationId);

public static class WebChatKeys
{
    public static string Visitor(string tenant, string visitorId) => $"{tenant}/{visitorId}";
}

/// <summary>One web-chat visitor. Key: <see cref="WebChatKeys.Visitor"/>.</summary>
[Alias("engine.IWebChatVisitorGrain")]
public interface IWebChatVisitorGrain : IGrainWithStringKey
{
    /// <returns>False when the visitor was already started (nothing changes).</returns>
    Task<bool> Start(string? name, string? email, DateTimeOffset at);

    /// <summary>The visitor, or null when never started.</summary>
    Task<WebChatVisitor?> Get();

    /// <summary>Where the visitor's latest message went (a conversation past reopening is followed by a new one).</summary>
    Task RecordConversation(Guid conversationId);
}
