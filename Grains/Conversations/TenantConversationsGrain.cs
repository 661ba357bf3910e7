namespace Engine.Conversations;

[GenerateSerializer, Alias("engine.TenantConversationsState")]
public sealed class TenantConversationsState
{
    [Id(0)] public Dictionary<Guid, ConversationSummary> Conversations { get; set; } = [];
}

/// <summary>One shard of a tenant's conversation list. Key: <see cref="ConversationKeys.TenantShard(string,int)"/>.</summary>
public sealed class TenantConversationsGrain(
    [PersistentState("tenant-conversations", EngineStorage.Name)] IPersistentState<TenantConversationsState> state)
    : Grain, ITenantConversationsGrain
{
    public async Task Upsert(ConversationSummary summary)
    {
        // Summaries from one conversation arrive in order, but never let an older one overwrite a newer.
        if (state.State.Conversations.TryGetValue(summary.Id, out var current) && current.UpdatedAt > summary.UpdatedAt)
            return;
        state.State.Conversations[summary.Id] = summary;
        await state.WriteStateAsync();
    }

    public Task<ConversationPage> List(ConversationQuery query)
    {
        var matches = state.State.Conversations.Values.Where(c =>
            (query.Status is null || c.Status == query.Status)
            && (query.Channel is null || c.Channels.Contains(query.Channel.Value))
            && (query.UpdatedSince is null || c.UpdatedAt >= query.UpdatedSince)
            && (query.After is null || ConversationOrder.IsAfter(c, query.After)));
        return Task.FromResult(ConversationOrder.Merge([matches], query.Limit));
    }
}
