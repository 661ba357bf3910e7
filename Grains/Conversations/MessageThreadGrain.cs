namespace Engine.Conversations;

using Orleans.Concurrency;

/// <summary>
/// <see cref="MessageThreads"/> behind a grain call, for a Gateway that may be a cluster client without a store.
/// Stateless and reentrant: it only reads.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class MessageThreadGrain(MessageThreads threads) : Grain, IMessageThreadGrain
{
    public Task<MessageThread?> Find(string tenant, ChannelKind channel, string platformMessageId) =>
        threads.Find(tenant, channel, platformMessageId, CancellationToken.None);
}
