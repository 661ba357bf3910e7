namespace Engine.Conversations;

using Engine.Sla;

/// <summary>A target of the conversation's SLA policy reached its warning (<see cref="SlaBreached"/>: its goal).</summary>
/// <param name="WaitSince">When the customer's wait began, for a next-response target (one record per wait); null for
/// first response and resolution, which happen once per conversation.</param>
[GenerateSerializer, Alias("engine.ev.SlaWarned")]
public sealed record SlaWarned(
    DateTimeOffset At,
    [property: Id(0)] string Policy,
    [property: Id(1)] SlaTarget Target,
    [property: Id(2)] TimeSpan Goal,
    [property: Id(3)] TimeSpan Counted,
    [property: Id(4)] DateTimeOffset? WaitSince) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.SlaBreached")]
public sealed record SlaBreached(
    DateTimeOffset At,
    [property: Id(0)] string Policy,
    [property: Id(1)] SlaTarget Target,
    [property: Id(2)] TimeSpan Goal,
    [property: Id(3)] TimeSpan Counted,
    [property: Id(4)] TimeSpan MissedBy,
    [property: Id(5)] DateTimeOffset? WaitSince) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.PriorityChanged")]
public sealed record PriorityChanged(
    DateTimeOffset At,
    [property: Id(0)] Priority From,
    [property: Id(1)] Priority To,
    [property: Id(2)] string By,
    [property: Id(3)] string? Reason) : ConversationEvent(At);

[GenerateSerializer, Alias("engine.ev.LabelAdded")]
public sealed record LabelAdded(DateTimeOffset At, [property: Id(0)] string Label, [property: Id(1)] string By) : ConversationEvent(At);

/// <summary>Supervisors are to hear about this conversation (the real-time feed delivers it in a later issue).</summary>
[GenerateSerializer, Alias("engine.ev.SupervisorsNotified")]
public sealed record SupervisorsNotified(DateTimeOffset At, [property: Id(0)] string Reason) : ConversationEvent(At);

/// <summary>An agent asked the customer, in a public thread, to continue privately on <see cref="Channel"/>: the public
/// thread is handed off, and a private thread on that channel is expected for this customer.</summary>
[GenerateSerializer, Alias("engine.ev.PrivateInviteSent")]
public sealed record PrivateInviteSent(
    DateTimeOffset At,
    [property: Id(0)] int PublicThreadId,
    [property: Id(1)] ChannelKind Channel,
    [property: Id(2)] string AgentId,
    [property: Id(3)] string PlatformMessageId,
    [property: Id(4)] string? CaseReference) : ConversationEvent(At);
