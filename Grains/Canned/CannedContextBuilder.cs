namespace Engine.Canned;

using Engine.Conversations;

/// <summary>The variable values a conversation offers a reply: who the customer is, which channel it goes to, its case reference.</summary>
public static class CannedContextBuilder
{
    /// <param name="threadId">The thread the reply goes to; when null, the thread of the newest message.</param>
    /// <returns>Null when the conversation has no such thread.</returns>
    public static CannedRenderContext? From(ConversationView conversation, int? threadId, string? agentName)
    {
        var thread = threadId is { } id
            ? conversation.Threads.FirstOrDefault(t => t.ThreadId == id)
            : conversation.Threads.MaxBy(t => t.Messages.Count == 0 ? t.OpenedAt : t.Messages.Max(m => m.PlatformTimestamp));
        if (threadId is not null && thread is null) return null;
        // The customer's own latest display name: people rename themselves, and the newest is what they expect to read.
        var customerName = conversation.Threads.SelectMany(t => t.Messages)
            .Where(m => m.Direction == MessageDirection.Inbound && !string.IsNullOrWhiteSpace(m.Author.DisplayName))
            .MaxBy(m => m.PlatformTimestamp)?.Author.DisplayName;
        var reference = conversation.PrivateInvites?.LastOrDefault(i => i.CaseReference is not null)?.CaseReference;
        return new CannedRenderContext(thread?.Channel, customerName, agentName, reference);
    }
}
