namespace Engine.Conversations;

/// <summary>Lists a tenant's conversations by asking every shard and merging their pages.</summary>
public static class TenantConversations
{
    public static async Task<ConversationPage> List(IGrainFactory grains, string tenant, ConversationQuery query)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, ConversationKeys.TenantShards)
            .Select(shard => grains.GetGrain<ITenantConversationsGrain>(ConversationKeys.TenantShard(tenant, shard)).List(query)));
        return ConversationOrder.Merge(pages.Select(p => p.Items), query.Limit);
    }
}

/// <summary>The one order of conversation lists: most recently updated first, then by id so paging is stable.</summary>
public static class ConversationOrder
{
    public static readonly IComparer<ConversationSummary> NewestFirst = Comparer<ConversationSummary>.Create((a, b) =>
    {
        var byTime = b.UpdatedAt.CompareTo(a.UpdatedAt);
        return byTime != 0 ? byTime : b.Id.CompareTo(a.Id);
    });

    /// <summary>True when <paramref name="summary"/> comes after the cursor in list order.</summary>
    public static bool IsAfter(ConversationSummary summary, ListCursor cursor) =>
        summary.UpdatedAt < cursor.UpdatedAt || (summary.UpdatedAt == cursor.UpdatedAt && summary.Id.CompareTo(cursor.Id) < 0);

    public static ConversationPage Merge(IEnumerable<IEnumerable<ConversationSummary>> pages, int limit)
    {
        var items = pages.SelectMany(p => p).Order(NewestFirst).Take(limit + 1).ToList();
        ListCursor? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(limit);
            next = new ListCursor(items[^1].UpdatedAt, items[^1].Id);
        }
        return new ConversationPage(items, next);
    }
}
