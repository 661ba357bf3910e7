namespace Engine.Conversations;

/// <summary>The one order of conversation lists: most recently updated first, then by id so paging is stable.</summary>
public static class ConversationOrder
{
    public static readonly IComparer<ConversationSummary> NewestFirst = Comparer<ConversationSummary>.Create((a, b) =>
    {
        var byTime = b.UpdatedAt.CompareTo(a.UpdatedAt);
        return byTime != 0 ? byTime : CompareIds(b.Id, a.Id);
    });

    /// <summary>
    /// Ids compare by their big-endian bytes, which is the order of their text form and of PostgreSQL's uuid,
    /// so a database and memory page the same way.
    /// </summary>
    public static int CompareIds(Guid a, Guid b)
    {
        Span<byte> x = stackalloc byte[16], y = stackalloc byte[16];
        a.TryWriteBytes(x, bigEndian: true, out _);
        b.TryWriteBytes(y, bigEndian: true, out _);
        return x.SequenceCompareTo(y);
    }

    /// <summary>True when <paramref name="summary"/> comes after the cursor in list order.</summary>
    public static bool IsAfter(ConversationSummary summary, ListCursor cursor) =>
        summary.UpdatedAt < cursor.UpdatedAt || (summary.UpdatedAt == cursor.UpdatedAt && CompareIds(summary.Id, cursor.Id) < 0);

    /// <summary>The first <paramref name="limit"/> items in list order, with a cursor when more follow.</summary>
    public static ConversationPage Page(IEnumerable<ConversationSummary> items, int limit)
    {
        var page = items.Order(NewestFirst).Take(limit + 1).ToList();
        return Trim(page, limit);
    }

    /// <summary>Cuts an ordered list of up to limit+1 items to a page.</summary>
    public static ConversationPage Trim(List<ConversationSummary> ordered, int limit)
    {
        ListCursor? next = null;
        if (ordered.Count > limit)
        {
            ordered.RemoveRange(limit, ordered.Count - limit);
            next = new ListCursor(ordered[^1].UpdatedAt, ordered[^1].Id);
        }
        return new ConversationPage(ordered, next);
    }
}
