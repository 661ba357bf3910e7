namespace Engine.Conversations;

using System.Collections.Concurrent;

/// <summary>An event log held in the silo's memory: lost on restart, and private to one silo process.</summary>
public sealed class InMemoryConversationEventLog : IConversationEventLog
{
    private readonly ConcurrentDictionary<Guid, List<ConversationEvent>> _logs = new();

    public Task<IReadOnlyList<ConversationEvent>> Load(Guid conversationId, CancellationToken cancellationToken)
    {
        if (!_logs.TryGetValue(conversationId, out var log))
            return Task.FromResult<IReadOnlyList<ConversationEvent>>([]);
        lock (log)
            return Task.FromResult<IReadOnlyList<ConversationEvent>>(log.ToArray());
    }

    public Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events, CancellationToken cancellationToken)
    {
        var log = _logs.GetOrAdd(conversationId, _ => []);
        lock (log)
        {
            if (log.Count != expectedVersion)
                throw new ConversationVersionConflictException(conversationId, expectedVersion, log.Count);
            log.AddRange(events);
        }
        return Task.CompletedTask;
    }
}
