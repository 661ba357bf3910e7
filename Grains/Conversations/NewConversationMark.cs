namespace Engine.Conversations;

using Engine.Realtime;

/// <summary>
/// Says, in the request context of the one call that follows, that a thread directory has just made up this
/// conversation id (<see cref="ThreadRoute.Minted"/>): nothing can be stored under it yet, so the conversation's
/// activation and its stream's skip their reads of the store (two of a new conversation's ~10 round trips). Only the
/// inbound grain sets it, only for a route the directory minted in that call; a kept or looked-up route never carries
/// it. A wrong mark could not overwrite anything either: both stores refuse an append at a version or sequence that
/// is taken, and a refused write drops the activation, so the next one reads the store.
/// </summary>
public static class NewConversationMark
{
    private const string Key = "engine.new-conversation";

    /// <summary>Runs <paramref name="call"/> with the mark for <paramref name="route"/>'s conversation when the directory
    /// minted it, and takes the mark off again whatever happens.</summary>
    public static async Task<T> Around<T>(ThreadRoute route, Func<Task<T>> call)
    {
        if (!route.Minted) return await call();
        RequestContext.Set(Key, route.ConversationId);
        try
        {
            return await call();
        }
        finally
        {
            RequestContext.Remove(Key);
        }
    }

    /// <summary>True in an activation caused by the first call to a conversation the directory has just minted.</summary>
    public static bool IsFor(Guid conversationId) => RequestContext.Get(Key) is Guid marked && marked == conversationId;

    /// <summary>True for the own stream (<see cref="RealtimeStreams.Conversation"/>) of a just-minted conversation; the
    /// grain key is <c>tenant/stream</c>.</summary>
    public static bool IsForStream(string streamKey)
    {
        if (RequestContext.Get(Key) is not Guid marked) return false;
        var slash = streamKey.IndexOf('/');
        return slash >= 0 && streamKey.AsSpan(slash + 1).SequenceEqual(RealtimeStreams.Conversation(marked));
    }
}
