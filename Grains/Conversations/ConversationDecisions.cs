namespace Engine.Conversations;

/// <summary>
/// The rules of a conversation: given its state and a command, which events happen. Pure, so the rules are
/// tested without a cluster; the grain only loads state, calls these and appends what they return.
/// </summary>
public static partial class ConversationDecisions
{
    public abstract record IngestDecision;
    public sealed record AlreadyStored(int ThreadId, long Sequence) : IngestDecision;
    public sealed record StartNewConversation : IngestDecision;
    public sealed record Append(IReadOnlyList<ConversationEvent> Events) : IngestDecision;

    /// <param name="risk">The customer message's risk (scored by the caller); it is stored with the message and may raise the priority.</param>
    public static IngestDecision Ingest(ConversationState state, InboundMessage message, ThreadRoute route,
        DateTimeOffset now, TimeSpan reopenWindow, string? entryQueue = null, Engine.Insight.RiskAssessment? risk = null)
    {
        if (state.TryFindMessage(message.Channel, message.PlatformMessageId, out var existing))
            return new AlreadyStored(existing.ThreadId, existing.Sequence);

        var byCustomer = !message.Author.Kind.SpeaksForBrand();
        // A moved thread's messages, from anyone, belong where its directory moved it: a route kept from before the
        // move (ThreadRoutes) goes back to the directory this way.
        if ((byCustomer && IsPastReopening(state, now, reopenWindow)) || state.Thread(message.Channel, route.ThreadKey) is { MovedOut: true })
            return new StartNewConversation();

        var events = new List<ConversationEvent>();
        if (!state.Started)
            events.Add(new ConversationStarted(now, message.Tenant, route.CustomerId, route.LinkedFrom, message.Listening));
        else if (state.CustomerId is null && route.CustomerId is { } customer)
            events.Add(new CustomerLinked(now, customer));

        var thread = state.Thread(message.Channel, route.ThreadKey);
        var threadId = thread?.Id ?? state.Threads.Count + 1;
        if (thread is null)
            events.Add(new ThreadOpened(now, threadId, message.Channel, message.Visibility, route.ThreadKey));

        events.Add(new MessageAdded(now, threadId, message.PlatformMessageId, message.Author, message.Text,
            message.PlatformTimestamp, message.InReplyTo, message.Attachments ?? [], null, Risk: byCustomer ? risk : null,
            Influence: byCustomer ? message.Influence : null));
        // Before any queueing below, so the ticket already carries the priority the risk set.
        if (byCustomer && risk is not null && PriorityForRisk(state, risk, now) is { } raised)
            events.Add(raised);

        // Only the newest message says whose move it is; an older one arriving late changes nothing.
        var isNewest = state.NewestMessageAt is not { } newest || message.PlatformTimestamp >= newest;
        var status = state.Status;
        if (byCustomer && isNewest && status != ConversationStatus.Open)
        {
            var reason = status == ConversationStatus.Resolved ? "reopened by customer message" : "customer message";
            events.Add(new StatusChanged(now, status, ConversationStatus.Open, message.Author.Identity, reason));
        }
        else if (!byCustomer && isNewest && status == ConversationStatus.Open)
        {
            events.Add(new StatusChanged(now, status, ConversationStatus.Pending, message.Author.Identity, "brand replied"));
        }
        // A customer who needs an agent enters a queue in the same append as the message, so no case exists
        // that needs an agent but is in no queue: new, reopened, or brand-first and answered by no one yet.
        if (entryQueue is not null && byCustomer)
        {
            var reopened = isNewest && status == ConversationStatus.Resolved;
            if (!state.Started)
                events.Add(new ConversationQueued(now, entryQueue, "system", "new conversation"));
            else if (reopened)
                events.Add(new ConversationQueued(now, state.LastQueueId ?? entryQueue, "system", "reopened"));
            else if (state.IsActive && state.Assignee is null && state.QueueId is null)
                events.Add(new ConversationQueued(now, state.LastQueueId ?? entryQueue, "system", "customer waiting"));
        }
        return new Append(events);
    }

    private static bool IsPastReopening(ConversationState state, DateTimeOffset now, TimeSpan reopenWindow) =>
        state.Status == ConversationStatus.Closed
        || (state.Status == ConversationStatus.Resolved && state.ResolvedAt is { } resolved && now - resolved > reopenWindow);

    /// <returns>The events of the reply, or an error; none when the same client message id was already stored.</returns>
    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error, string PlatformMessageId) Reply(
        ConversationState state, AgentReply reply, DateTimeOffset now)
    {
        if (reply.ClientMessageId is not null && state.PlatformIdForClientMessage(reply.ClientMessageId) is { } known)
            return ([], null, known);
        if (state.Thread(reply.ThreadId) is not { } thread)
            return ([], new CommandError(CommandErrorKind.Invalid, $"Conversation has no thread {reply.ThreadId}.", "threadId"), "");
        if (state.Status == ConversationStatus.Closed)
            return ([], new CommandError(CommandErrorKind.Conflict, "The conversation is closed; replies are no longer possible.", "status"), "");
        if (OutsideWindow(thread, now) is { } closed)
            return ([], closed, "");

        // Until a delivery connector reports the platform's id, the reply carries an engine-issued one.
        var platformId = $"engine-{Guid.NewGuid():N}";
        var events = new List<ConversationEvent>
        {
            new MessageAdded(now, reply.ThreadId, platformId, new MessageAuthor(AuthorKind.Agent, reply.AgentId), reply.Text,
                now, null, reply.Attachments ?? [], reply.ClientMessageId, Canned: reply.Canned),
        };
        if (state.Status is ConversationStatus.Open or ConversationStatus.Snoozed)
            events.Add(new StatusChanged(now, state.Status, ConversationStatus.Pending, reply.AgentId, "agent replied"));
        return (events, null, platformId);
    }

    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error) ChangeStatus(
        ConversationState state, StatusChange change, DateTimeOffset now)
    {
        if (state.Status == ConversationStatus.Closed && change.To != ConversationStatus.Closed)
            return ([], new CommandError(CommandErrorKind.Conflict, "A closed conversation cannot change status.", "to"));
        if (change.Until is not null && change.To != ConversationStatus.Snoozed)
            return ([], new CommandError(CommandErrorKind.Invalid, "Only snoozing takes an 'until'.", "until"));
        if (change.Until is { } until && until <= now)
            return ([], new CommandError(CommandErrorKind.Invalid, "A snooze must end in the future.", "until"));
        if (state.Status == change.To && (change.To != ConversationStatus.Snoozed || change.Until == state.SnoozedUntil))
            return ([], null);
        if (change.PublicFollowUp is { } followUp)
        {
            if (change.To != ConversationStatus.Resolved || state.PrivateInvites.Count == 0)
                return ([], new CommandError(CommandErrorKind.Invalid, "A public follow-up closes the loop when resolving a conversation handed off to private.", "publicFollowUp"));
            // Posted in the public thread the customer was invited from; the status change follows in the same append.
            var publicThread = state.PrivateInvites[^1].PublicThreadId;
            return ([
                new MessageAdded(now, publicThread, $"engine-{Guid.NewGuid():N}", new MessageAuthor(AuthorKind.Agent, change.By), followUp, now, null, []),
                new StatusChanged(now, state.Status, change.To, change.By, change.Reason ?? "resolved in private; loop closed in public"),
            ], null);
        }
        return ([new StatusChanged(now, state.Status, change.To, change.By, change.Reason, change.Until)], null);
    }
}
