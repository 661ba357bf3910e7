namespace Engine.Conversations;

/// <summary>
/// Each message arrives with its own copy of its author (and status changes with their own copy of who made them), though
/// a conversation has only a few authors. The state keeps one copy of each, so what every message adds in memory is only
/// what is new in it. Likewise a reply names its parent's id and a root message its thread's key: the state keeps
/// the one copy it holds already (on X both are 19-digit tweet ids, ~64 B each).
/// </summary>
public sealed partial class ConversationState
{
    private readonly List<MessageAuthor> _authors = new(2);

    private MessageAdded WithKnownAuthor(MessageAdded added)
    {
        foreach (var known in _authors)
            if (known == added.Author)
                return ReferenceEquals(known, added.Author) ? added : added with { Author = known };
        _authors.Add(added.Author);
        return added;
    }

    /// <summary>The message with the copies of its parent's id (when the parent is the thread's newest message, as a
    /// platform's reply chain usually is) and of its thread's key that the state already holds.</summary>
    private static MessageAdded WithKnownIds(MessageAdded added, ThreadState thread)
    {
        var inReplyTo = added.InReplyTo;
        if (inReplyTo is not null && thread.Messages.Count > 0 && thread.Messages[^1].Message.PlatformMessageId is var parent
            && !ReferenceEquals(parent, inReplyTo) && parent == inReplyTo)
            inReplyTo = parent;
        var id = added.PlatformMessageId;
        if (!ReferenceEquals(id, thread.ThreadKey) && id == thread.ThreadKey) id = thread.ThreadKey;
        return ReferenceEquals(inReplyTo, added.InReplyTo) && ReferenceEquals(id, added.PlatformMessageId)
            ? added : added with { InReplyTo = inReplyTo, PlatformMessageId = id };
    }

    private string? KnownIdentity(string identity)
    {
        foreach (var known in _authors)
            if (known.Identity == identity) return known.Identity;
        return null;
    }
}
