namespace Engine.Conversations;

using Engine.Approval;

/// <summary>
/// Vetting: a reply, invitation or follow-up the tenant's policy holds becomes a <see cref="ReplyDrafted"/> after the same
/// checks as sending it; only an approval appends the <see cref="MessageAdded"/>, with the approved text and the approver.
/// </summary>
public static partial class ConversationDecisions
{
    /// <summary>What a reply command did: the events, or an error; <see cref="CreatedId"/> is the message id, or the draft
    /// id when <see cref="Held"/>.</summary>
    public sealed record ReplyDecision(IReadOnlyList<ConversationEvent> Events, CommandError? Error, string CreatedId, bool Held)
    {
        public static ReplyDecision Fail(CommandError error) => new([], error, "", false);
    }

    public static ReplyDecision Reply(ConversationState state, AgentReply reply, ApprovalNeed? need, DateTimeOffset now)
    {
        if (reply.ClientMessageId is not null && state.DraftForClientMessage(reply.ClientMessageId) is { } known)
            return new([], null, known.Drafted.DraftId.ToString(), true);
        var (events, error, platformId) = Reply(state, reply, now);
        if (error is not null) return ReplyDecision.Fail(error);
        if (need is null || events.Count == 0) return new(events, null, platformId, false);
        return Draft(new ReplyDrafted(now, Guid.NewGuid(), DraftKind.Reply, reply.ThreadId, reply.AgentId, reply.Text,
            need.Reasons, need.Reviewers, reply.ClientMessageId, reply.Attachments ?? [], Canned: reply.Canned));
    }

    public static ReplyDecision InvitePrivate(ConversationState state, PrivateInvite invite, ApprovalNeed? need, DateTimeOffset now)
    {
        if (invite.ClientMessageId is not null && state.DraftForClientMessage(invite.ClientMessageId) is { } known)
            return new([], null, known.Drafted.DraftId.ToString(), true);
        var (events, error, platformId) = InvitePrivate(state, invite, now);
        if (error is not null) return ReplyDecision.Fail(error);
        if (need is null || events.Count == 0) return new(events, null, platformId, false);
        return Draft(new ReplyDrafted(now, Guid.NewGuid(), DraftKind.InvitePrivate, invite.ThreadId, invite.AgentId, invite.Text,
            need.Reasons, need.Reviewers, invite.ClientMessageId, [], invite.Channel, invite.CaseReference));
    }

    /// <summary>The conversation's highest customer-message risk score (0-100) as scored at ingest (and rescored on
    /// engagement), which "by risk" rules compare with; null when no message was scored.</summary>
    public static int? HighestCustomerRisk(ConversationState state) =>
        state.Threads.SelectMany(t => t.Messages).Select(m => m.Message.Risk?.Score).Max() is { } top ? (int)Math.Ceiling(top) : null;

    /// <summary>The public thread a close-the-loop follow-up goes to, if the conversation was handed off.</summary>
    public static int? FollowUpThread(ConversationState state) =>
        state.PrivateInvites.Count == 0 ? null : state.PrivateInvites[^1].PublicThreadId;

    /// <summary>Resolving with a held follow-up: the status changes now, the follow-up waits for a reviewer.</summary>
    public static ReplyDecision ChangeStatus(ConversationState state, StatusChange change, ApprovalNeed? need, DateTimeOffset now)
    {
        var (events, error) = ChangeStatus(state, change, now);
        if (error is not null) return ReplyDecision.Fail(error);
        if (need is null || change.PublicFollowUp is not { } followUp || FollowUpThread(state) is not { } thread)
            return new(events, null, "", false);
        return Draft(new ReplyDrafted(now, Guid.NewGuid(), DraftKind.FollowUp, thread, change.By, followUp,
            need.Reasons, need.Reviewers, null, []), [.. events.Where(e => e is not MessageAdded)]);
    }

    private static ReplyDecision Draft(ReplyDrafted draft, IReadOnlyList<ConversationEvent>? before = null) =>
        new([.. before ?? [], draft], null, draft.DraftId.ToString(), true);

    /// <summary>Sends the draft (its text, or the reviewer's edit) with the same checks as a reply now: a conversation closed
    /// or a channel window shut while it waited refuses it. The same approval again answers the same message.</summary>
    public static ReplyDecision ApproveDraft(ConversationState state, DraftApproval approval, DateTimeOffset now)
    {
        if (Decidable(state, approval.DraftId, approval.ReviewerId) is { } refused)
        {
            var finalText = approval.Text ?? state.Draft(approval.DraftId)?.Drafted.Text;
            return refused.Decision is DraftApproved same && same.ReviewerId == approval.ReviewerId && same.TextAfter == finalText
                ? new([], null, same.MessageId, false) : ReplyDecision.Fail(refused.Error);
        }
        var d = state.Draft(approval.DraftId)!.Drafted;
        var text = approval.Text ?? d.Text;
        var (events, error, messageId) = d.Kind switch
        {
            DraftKind.InvitePrivate => InvitePrivate(state,
                new PrivateInvite(d.ThreadId, d.AgentId, text, d.InviteChannel ?? ChannelKind.X, d.CaseReference, d.ClientMessageId), now),
            DraftKind.FollowUp => FollowUp(state, d, text, now),
            // A reviewer's edit makes a canned reply an edited one: the customer no longer gets the template's words.
            _ => Reply(state, new AgentReply(d.ThreadId, d.AgentId, text, d.ClientMessageId, d.Attachments,
                d.Canned is { } canned && text != d.Text ? canned with { Unedited = false } : d.Canned), now),
        };
        if (error is not null) return ReplyDecision.Fail(error);
        var approved = events.Select(e => e is MessageAdded m && m.PlatformMessageId == messageId ? m with { ApprovedBy = approval.ReviewerId } : e);
        return new([new DraftApproved(now, d.DraftId, approval.ReviewerId, d.Text, text, messageId), .. approved], null, messageId, false);
    }

    /// <summary>Sends the draft back with a comment. The same rejection again changes nothing.</summary>
    public static (IReadOnlyList<ConversationEvent> Events, CommandError? Error) RejectDraft(
        ConversationState state, DraftRejection rejection, DateTimeOffset now)
    {
        if (Decidable(state, rejection.DraftId, rejection.ReviewerId) is { } refused)
            return refused.Decision is DraftRejected same && same.ReviewerId == rejection.ReviewerId && same.Comment == rejection.Comment
                ? ([], null) : ([], refused.Error);
        return ([new DraftRejected(now, rejection.DraftId, rejection.ReviewerId, rejection.Comment)], null);
    }

    /// <summary>Null when the reviewer may decide the draft now; otherwise why not, with its decision if it has one.</summary>
    private static (CommandError Error, ConversationEvent? Decision)? Decidable(ConversationState state, Guid draftId, string reviewerId)
    {
        if (state.Draft(draftId) is not { } draft)
            return (new CommandError(CommandErrorKind.NotFound, $"No draft {draftId} in this conversation.", "draftId"), null);
        if (draft.Decision is { } decided)
        {
            var (what, by) = decided switch
            {
                DraftApproved a => ("approved", a.ReviewerId),
                DraftRejected r => ("rejected", r.ReviewerId),
                _ => ("decided", "?"),
            };
            return (new CommandError(CommandErrorKind.Conflict, $"The draft was already {what} by {by} at {decided.At:O}.", "draftId"), decided);
        }
        if (reviewerId == draft.Drafted.AgentId)
            return (new CommandError(CommandErrorKind.Invalid, "The author of a draft cannot decide it.", "reviewerId"), null);
        if (!ApprovalRules.MayDecide(draft.Drafted.Reviewers, reviewerId))
            return (new CommandError(CommandErrorKind.Invalid,
                $"This draft may be decided only by: {string.Join(", ", draft.Drafted.Reviewers)}.", "reviewerId"), null);
        return null;
    }

    private static (IReadOnlyList<ConversationEvent> Events, CommandError? Error, string MessageId) FollowUp(
        ConversationState state, ReplyDrafted draft, string text, DateTimeOffset now)
    {
        if (state.Status == ConversationStatus.Closed)
            return ([], new CommandError(CommandErrorKind.Conflict, "The conversation is closed; replies are no longer possible.", "status"), "");
        var id = $"engine-{Guid.NewGuid():N}";
        return ([new MessageAdded(now, draft.ThreadId, id, new MessageAuthor(AuthorKind.Agent, draft.AgentId), text, now, null, [])], null, id);
    }
}
