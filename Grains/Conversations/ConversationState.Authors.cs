namespace Engine.Conversations;

/// <summary>
/// Each message arrives with its own copy of its author (and status changes with their own copy of who made them), though
/// a conversation has only a few authors. The state keeps one copy of each, so what every message adds in memory is only
/// what is new in it.
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

    private string? KnownIdentity(string identity)
    {
        foreach (var known in _authors)
            if (known.Identity == identity) return known.Identity;
        return null;
    }
}
