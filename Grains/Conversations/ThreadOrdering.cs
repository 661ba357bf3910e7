namespace Engine.Conversations;

/// <summary>
/// Orders a thread's messages by platform time and reply links, never by arrival: a reply always follows its
/// parent (even if the platform clock says otherwise), and otherwise earlier platform time comes first.
/// The result depends only on the set of messages, so any arrival order gives the same thread.
/// </summary>
public static class ThreadOrdering
{
    public static IReadOnlyList<T> Order<T>(
        IReadOnlyCollection<T> messages,
        Func<T, string> id,
        Func<T, string?> parent,
        Func<T, DateTimeOffset> time)
    {
        var byId = new Dictionary<string, T>(messages.Count, StringComparer.Ordinal);
        foreach (var message in messages)
            byId.TryAdd(id(message), message);

        var children = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        var ready = new PriorityQueue<T, (DateTimeOffset, string)>();
        foreach (var message in byId.Values)
        {
            var parentId = parent(message);
            if (parentId is not null && parentId != id(message) && byId.ContainsKey(parentId))
            {
                if (!children.TryGetValue(parentId, out var list))
                    children[parentId] = list = [];
                list.Add(message);
            }
            else
            {
                ready.Enqueue(message, (time(message), id(message)));
            }
        }

        var ordered = new List<T>(byId.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ready.TryDequeue(out var next, out _))
        {
            ordered.Add(next);
            placed.Add(id(next));
            if (children.TryGetValue(id(next), out var replies))
                foreach (var reply in replies)
                    ready.Enqueue(reply, (time(reply), id(reply)));
        }

        // Reply links that form a cycle can only come from bad data; keep those messages, by time.
        if (ordered.Count < byId.Count)
            ordered.AddRange(byId.Values.Where(m => !placed.Contains(id(m)))
                .OrderBy(time).ThenBy(id, StringComparer.Ordinal));
        return ordered;
    }
}
