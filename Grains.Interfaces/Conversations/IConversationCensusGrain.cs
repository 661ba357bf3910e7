namespace Engine.Conversations;

/// <summary>
/// The one counter of conversations by tenant and status (key 0): it reads the store on a timer and publishes the
/// counts to its silo's gauges, so exactly one silo reports <c>engine.conversations</c>.
/// </summary>
[Alias("engine.IConversationCensusGrain")]
public interface IConversationCensusGrain : IGrainWithIntegerKey
{
    /// <summary>Counts now and makes sure the census keeps running; idempotent (every silo calls it at start-up).</summary>
    [Alias("Start")]
    Task Start();
}
