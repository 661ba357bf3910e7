namespace Engine.Realtime;

using Engine.Conversations;

/// <summary>
/// Which streams hear about a conversation's new events: its own stream, its agent's, the web-chat visitor's for
/// messages of a web-chat thread, the supervisors' for SLA breaches. Keys are the events' versions in the conversation's
/// log, so a publication repeated by a retry is kept once.
/// </summary>
public static class ConversationBroadcast
{
    public const string MessageAddedType = "message.added";

    /// <summary>What the conversation's and its agent's streams say of a new message.</summary>
    public static string MessageData(Guid conversationId, MessageAdded m, ChannelKind? channel) => RealtimePublishing.Data(new
    {
        conversationId, threadId = m.ThreadId, platformMessageId = m.PlatformMessageId,
        direction = m.Author.Kind.Direction(), text = m.Text, author = m.Author, channel,
    });

    public static IEnumerable<(string Stream, RealtimePublication Publication)> For(
        ConversationState state, long firstVersion, IReadOnlyList<ConversationEvent> events)
    {
        var id = state.Id;
        var own = RealtimeStreams.Conversation(id);
        for (var i = 0; i < events.Count; i++)
        {
            var key = $"{id:N}:{firstVersion + i}";
            RealtimePublication Make(string type, object data) => new(type, id, RealtimePublishing.Data(data), key, events[i].At);
            switch (events[i])
            {
                case MessageAdded m:
                    var thread = state.Thread(m.ThreadId);
                    var message = new RealtimePublication(MessageAddedType, id, MessageData(id, m, thread?.Channel), key, m.At);
                    yield return (own, message);
                    if (state.Assignee is { } agent) yield return (RealtimeStreams.Agent(agent), message);
                    if (thread?.Channel == ChannelKind.Webchat)
                        yield return (RealtimeStreams.WebChat(id), Make(MessageAddedType, new
                        {
                            conversationId = id, threadId = m.ThreadId, platformMessageId = m.PlatformMessageId,
                            direction = m.Author.Kind.Direction(), text = m.Text,
                            author = new { kind = m.Author.Kind, displayName = m.Author.DisplayName },
                        }));
                    break;
                case StatusChanged s:
                    var status = Make("conversation.status", new { conversationId = id, status = s.To, from = s.From, by = s.By });
                    yield return (own, status);
                    if (state.Assignee is { } holder) yield return (RealtimeStreams.Agent(holder), status);
                    break;
                case ConversationAssigned a:
                    var assigned = Make("conversation.assigned", new { conversationId = id, agentId = a.AgentId, queueId = a.QueueId, how = a.How });
                    yield return (own, assigned);
                    yield return (RealtimeStreams.Agent(a.AgentId), assigned);
                    break;
                case ConversationUnassigned u:
                    var unassigned = Make("conversation.unassigned", new { conversationId = id, agentId = u.AgentId, reason = u.Reason });
                    yield return (own, unassigned);
                    yield return (RealtimeStreams.Agent(u.AgentId), unassigned);
                    break;
                case SlaWarned w:
                    var warning = Make("sla.warning", new
                    {
                        conversationId = id, policy = w.Policy, target = w.Target,
                        goalSeconds = w.Goal.TotalSeconds, countedSeconds = w.Counted.TotalSeconds,
                    });
                    yield return (own, warning);
                    if (state.Assignee is { } warned) yield return (RealtimeStreams.Agent(warned), warning);
                    break;
                case SlaBreached b:
                    var breach = Make("sla.breach", new
                    {
                        conversationId = id, policy = b.Policy, target = b.Target, goalSeconds = b.Goal.TotalSeconds,
                        missedBySeconds = b.MissedBy.TotalSeconds, assignee = state.Assignee, queueId = state.QueueId,
                    });
                    yield return (own, breach);
                    yield return (RealtimeStreams.Supervisor, breach);
                    if (state.Assignee is { } breached) yield return (RealtimeStreams.Agent(breached), breach);
                    break;
            }
        }
    }
}
