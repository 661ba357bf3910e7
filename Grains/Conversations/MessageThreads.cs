namespace Engine.Conversations;

using Microsoft.Extensions.Options;

/// <summary>
/// Finds the thread a platform message was stored in: the conversation store's message index (written by the append
/// that stored the message), and on a miss the legacy per-message directory grain, which older versions wrote and
/// nothing writes now, so threads recorded before an upgrade are still found. A miss therefore costs a grain call and
/// a grain-state read; a hit costs one store read. <see cref="Engine.Hosting.EngineOptions.LegacyMessageDirectory"/> off
/// skips the legacy read.
/// </summary>
public sealed class MessageThreads(IConversationStore store, IGrainFactory grains, IOptions<Engine.Hosting.EngineOptions> options)
{
    public async Task<MessageThread?> Find(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken)
    {
        if (await store.FindMessage(tenant, channel, platformMessageId, cancellationToken) is { } indexed)
            return indexed;
        if (!options.Value.LegacyMessageDirectory)
            return null;
        var legacy = grains.GetGrain<IMessageDirectoryGrain>(ConversationKeys.Message(tenant, channel, platformMessageId));
        return await legacy.ThreadOf() is { } threadKey ? new MessageThread(threadKey, null) : null;
    }
}
