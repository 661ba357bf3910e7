namespace Engine.Routing;

using Engine.Conversations;

/// <summary>The order of a queue: higher priority first, then the earlier SLA deadline (none goes last), then age.</summary>
public sealed class QueueOrder : IComparer<QueueTicket>
{
    public static readonly QueueOrder Instance = new();

    public int Compare(QueueTicket? x, QueueTicket? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var byPriority = y.Priority.CompareTo(x.Priority);
        if (byPriority != 0) return byPriority;
        var byDeadline = (x.SlaDeadline, y.SlaDeadline) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            var (a, b) => a.Value.CompareTo(b.Value),
        };
        if (byDeadline != 0) return byDeadline;
        var byAge = x.EnteredAt.CompareTo(y.EnteredAt);
        return byAge != 0 ? byAge : ConversationOrder.CompareIds(x.ConversationId, y.ConversationId);
    }
}
