namespace Engine.Conversations;

using System.Collections.Concurrent;
using Engine.Persistence;

/// <summary>
/// Conversations held in the silo's memory: lost on restart, and private to one silo process. Events are kept as the
/// bytes a database row would hold, as the durable stores keep them: a read gives copies (as they do), and a type the
/// serializer cannot carry fails here too. The bytes lie in shared segments (<see cref="PayloadArena"/>), so the
/// collector neither traces an event's object graph nor copies its bytes through the generations
/// (docs/BENCHMARKS.md, "The memory store keeps bytes", "The memory stores out of the collector's way").
/// </summary>
public sealed class InMemoryConversationStore(StoredPayloads payloads) : IConversationStore
{
    private readonly PayloadArena _arena = new();
    private readonly ConcurrentDictionary<Guid, Log> _logs = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, ConversationSummary>> _summaries = new();
    private readonly ConcurrentDictionary<(string Tenant, ChannelKind Channel, string Id), MessageThread> _messages = new();

    public Task<ConversationLogRead> Load(Guid conversationId, CancellationToken cancellationToken)
    {
        if (!_logs.TryGetValue(conversationId, out var log))
            return Task.FromResult(ConversationLogRead.Empty);
        lock (log)
        {
            var events = new ConversationEvent[log.Events.Count];
            for (var i = 0; i < events.Length; i++) events[i] = payloads.Event(_arena[log.Events[i]]);
            return Task.FromResult(new ConversationLogRead(null, events));
        }
    }

    public Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events,
        ConversationSummary summary, IReadOnlyList<IndexedMessage> messages, CancellationToken cancellationToken)
    {
        var log = _logs.GetOrAdd(conversationId, _ => new Log());
        lock (log)
        {
            if (log.Events.Count != expectedVersion)
                throw new ConversationVersionConflictException(conversationId, expectedVersion);
            foreach (var e in events)
                log.Events.Add(_arena.Add(payloads.Event(e)));
            _summaries.GetOrAdd(summary.Tenant, _ => new())[conversationId] = summary;
            // Under the log's lock, after the version check: a refused append indexes nothing. First writer wins.
            foreach (var m in messages)
                _messages.TryAdd((summary.Tenant, m.Channel, m.PlatformMessageId), log.Thread(m.ThreadKey, conversationId));
        }
        return Task.CompletedTask;
    }

    public Task<MessageThread?> FindMessage(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken) =>
        Task.FromResult(_messages.GetValueOrDefault((tenant, channel, platformMessageId)));

    /// <summary>Memory holds every event anyway; a snapshot would only cost space.</summary>
    public Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken)
    {
        if (!_summaries.TryGetValue(tenant, out var summaries))
            return Task.FromResult(new ConversationPage([], null));
        var matches = summaries.Values.Where(c =>
            (query.Status is null || c.Status == query.Status)
            && (query.Channel is null || c.Channels.Contains(query.Channel.Value))
            && (query.UpdatedSince is null || c.UpdatedAt >= query.UpdatedSince)
            && (query.Listening is null || c.Listening == query.Listening)
            && (query.After is null || ConversationOrder.IsAfter(c, query.After)));
        return Task.FromResult(ConversationOrder.Page(matches, query.Limit));
    }

    public Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConversationStatusCount>>(_summaries
            .SelectMany(t => t.Value.Values.GroupBy(c => c.Status).Select(g => new ConversationStatusCount(t.Key, g.Key, g.LongCount())))
            .ToList());

    /// <summary>One conversation's events, and the thread its last indexed message was in: a thread's messages share
    /// one index value instead of one each.</summary>
    private sealed class Log
    {
        private MessageThread? _last;

        public List<PayloadArena.Slice> Events { get; } = [];

        public MessageThread Thread(string threadKey, Guid conversationId) =>
            _last is { } last && last.ThreadKey == threadKey && last.ConversationId == conversationId
                ? last
                : _last = new MessageThread(threadKey, conversationId);
    }
}
