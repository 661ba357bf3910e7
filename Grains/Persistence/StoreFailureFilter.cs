namespace Engine.Persistence;

using System.Data.Common;

/// <summary>
/// Turns a store driver's exception escaping a grain call into a <see cref="StoreUnavailableException"/> carrying
/// its message, so it crosses the wire (to another silo or the Gateway) as what it is. Seen when PostgreSQL was
/// restarted under load: Npgsql's exceptions failed to serialize and the Gateway answered 500. A write the store refused
/// because another activation wrote first (two activations of one conversation or stream for a moment during failover)
/// goes the same way: nothing of it was stored, the refused activation is dropped, and a retry reaches the one left.
/// </summary>
public sealed class StoreFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (StoreFailure(e) is { } failure)
        {
            throw new StoreUnavailableException($"{failure.GetType().Name}: {failure.Message}");
        }
    }

    /// <summary>The driver's exception or the store's refusal in the chain, if any; a chain already converted is left alone.</summary>
    private static Exception? StoreFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is DbException or Engine.Conversations.ConversationVersionConflictException or Engine.Realtime.RealtimeSequenceConflictException)
                return e;
        return null;
    }
}
