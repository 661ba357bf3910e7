namespace Engine.Tests.Approval;

using Engine.Approval;
using Engine.Conversations;
using Engine.Sla;
using static Engine.Conversations.ConversationDecisions;

/// <summary>The conversation's vetting rules, pure: drafts are not messages, and only an approval sends the approved text.</summary>
public sealed class ApprovalDecisionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ApprovalNeed PublicRule = new(["public: public"], []);
    private static readonly ApprovalNeed LegalRule = new(["legal: keyword 'refund*'"], ["legal-1"]);

    /// <summary>A customer tweeted publicly at T0 (thread 1) and wrote a DM (thread 2).</summary>
    private static ConversationState Started()
    {
        var state = new ConversationState(Guid.NewGuid());
        state.Apply(new ConversationStarted(T0, "acme", null, null));
        state.Apply(new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, "tweet"));
        state.Apply(new ThreadOpened(T0, 2, ChannelKind.X, Visibility.Private, "dm:1"));
        state.Apply(new MessageAdded(T0, 1, "c1", new MessageAuthor(AuthorKind.Customer, "x:1"), "my order never came", T0, null, []));
        state.Apply(new MessageAdded(T0, 2, "c2", new MessageAuthor(AuthorKind.Customer, "x:1"), "order 1234", T0, null, []));
        return state;
    }

    private static ReplyDecision Apply(ConversationState state, ReplyDecision decision)
    {
        Assert.Null(decision.Error);
        foreach (var e in decision.Events) state.Apply(e);
        return decision;
    }

    private static Guid Held(ConversationState state, string text = "We're sorry, a refund is on its way", ApprovalNeed? need = null,
        DateTimeOffset? at = null, string? clientId = null) =>
        Guid.Parse(Apply(state, Reply(state, new AgentReply(1, "agent-1", text, clientId), need ?? PublicRule, at ?? T0.AddMinutes(5))).CreatedId);

    private static IEnumerable<MessageAdded> Messages(ConversationState state) => state.Threads.SelectMany(t => t.Messages).Select(m => m.Message);

    [Fact]
    public void A_reply_that_needs_approval_is_held_as_a_draft_and_is_not_a_message()
    {
        var state = Started();
        var decision = Reply(state, new AgentReply(1, "agent-1", "a refund is on its way"), PublicRule, T0.AddMinutes(5));

        Assert.True(decision.Held);
        var draft = Assert.IsType<ReplyDrafted>(Assert.Single(decision.Events));
        Assert.Equal((1, "agent-1", "a refund is on its way", DraftKind.Reply), (draft.ThreadId, draft.AgentId, draft.Text, draft.Kind));
        Assert.Equal(PublicRule.Reasons, draft.Reasons);
        Apply(state, decision);
        Assert.Equal(2, state.MessageCount);
        Assert.Equal(ConversationStatus.Open, state.Status);
        var view = ConversationProjection.View(state, T0.AddMinutes(6));
        Assert.DoesNotContain(view.Threads.SelectMany(t => t.Messages), m => m.Direction == MessageDirection.Outbound);
        Assert.Equal("pending", Assert.Single(view.Drafts!).Status);
    }

    [Fact]
    public void A_reply_that_needs_no_approval_is_a_message_at_once()
    {
        var state = Started();
        var decision = Apply(state, Reply(state, new AgentReply(2, "agent-1", "looking into it"), null, T0.AddMinutes(5)));

        Assert.False(decision.Held);
        Assert.Contains(decision.Events, e => e is MessageAdded { Text: "looking into it", ApprovedBy: null });
        Assert.Empty(state.Drafts);
    }

    [Fact]
    public void Approving_as_is_sends_the_draft_text_recording_the_reviewer_and_the_unchanged_text()
    {
        var state = Started();
        var draftId = Held(state);

        var decision = Apply(state, ApproveDraft(state, new DraftApproval(draftId, "rev-1"), T0.AddMinutes(20)));

        var approved = Assert.IsType<DraftApproved>(decision.Events[0]);
        Assert.Equal(("rev-1", "We're sorry, a refund is on its way", "We're sorry, a refund is on its way"), (approved.ReviewerId, approved.TextBefore, approved.TextAfter));
        var sent = Assert.Single(Messages(state), m => m.Author.Kind == AuthorKind.Agent);
        Assert.Equal((approved.MessageId, "We're sorry, a refund is on its way", "rev-1", "agent-1"), (sent.PlatformMessageId, sent.Text, sent.ApprovedBy, sent.Author.Identity));
        Assert.Equal(ConversationStatus.Pending, state.Status);
        Assert.Equal(approved.MessageId, Assert.Single(ConversationProjection.View(state, T0.AddMinutes(21)).Drafts!).MessageId);
    }

    [Fact]
    public void Edit_and_approve_sends_the_edited_text_and_records_before_and_after()
    {
        var state = Started();
        var draftId = Held(state);

        Apply(state, ApproveDraft(state, new DraftApproval(draftId, "rev-1", "We're sorry. Please DM us your order number."), T0.AddMinutes(20)));

        var approved = Assert.IsType<DraftApproved>(state.Draft(draftId)!.Decision);
        Assert.Equal("We're sorry, a refund is on its way", approved.TextBefore);
        Assert.Equal("We're sorry. Please DM us your order number.", approved.TextAfter);
        Assert.Equal(["We're sorry. Please DM us your order number."], Messages(state).Where(m => m.Author.Kind == AuthorKind.Agent).Select(m => m.Text));
    }

    [Fact]
    public void Rejecting_sends_nothing_and_the_agent_sees_the_comment()
    {
        var state = Started();
        var draftId = Held(state);

        var (events, error) = RejectDraft(state, new DraftRejection(draftId, "rev-1", "No refund promises in public."), T0.AddMinutes(20));
        Assert.Null(error);
        foreach (var e in events) state.Apply(e);

        Assert.IsType<DraftRejected>(Assert.Single(events));
        Assert.DoesNotContain(Messages(state), m => m.Author.Kind == AuthorKind.Agent);
        var draft = Assert.Single(ConversationProjection.View(state, T0.AddMinutes(21)).Drafts!);
        Assert.Equal(("rejected", "rev-1", "No refund promises in public."), (draft.Status, draft.DecidedBy, draft.Comment));
    }

    [Fact]
    public void A_draft_is_decided_once_a_different_second_decision_conflicts_and_the_same_one_again_changes_nothing()
    {
        var state = Started();
        var draftId = Held(state);
        var first = Apply(state, ApproveDraft(state, new DraftApproval(draftId, "rev-1"), T0.AddMinutes(20)));

        var again = ApproveDraft(state, new DraftApproval(draftId, "rev-1"), T0.AddMinutes(21));
        Assert.Empty(again.Events);
        Assert.Equal(first.CreatedId, again.CreatedId);
        Assert.Equal(CommandErrorKind.Conflict, ApproveDraft(state, new DraftApproval(draftId, "rev-2"), T0.AddMinutes(21)).Error?.Kind);
        Assert.Equal(CommandErrorKind.Conflict, ApproveDraft(state, new DraftApproval(draftId, "rev-1", "other"), T0.AddMinutes(21)).Error?.Kind);
        Assert.Equal(CommandErrorKind.Conflict, RejectDraft(state, new DraftRejection(draftId, "rev-1", "no"), T0.AddMinutes(21)).Error?.Kind);
    }

    [Fact]
    public void The_author_cannot_decide_a_draft_and_a_rule_naming_reviewers_admits_only_them()
    {
        var state = Started();
        var open = Held(state);
        var legal = Held(state, need: LegalRule);

        Assert.Equal("reviewerId", ApproveDraft(state, new DraftApproval(open, "agent-1"), T0.AddMinutes(9)).Error?.Field);
        Assert.Equal("reviewerId", RejectDraft(state, new DraftRejection(legal, "rev-1", "no"), T0.AddMinutes(9)).Error?.Field);
        Assert.Null(ApproveDraft(state, new DraftApproval(legal, "legal-1"), T0.AddMinutes(9)).Error);
        Assert.Equal(CommandErrorKind.NotFound, ApproveDraft(state, new DraftApproval(Guid.NewGuid(), "rev-1"), T0.AddMinutes(9)).Error?.Kind);
    }

    [Fact]
    public void A_retried_reply_with_the_same_client_message_id_is_the_same_draft()
    {
        var state = Started();
        var draftId = Held(state, clientId: "desk-42");

        var retry = Reply(state, new AgentReply(1, "agent-1", "We're sorry, a refund is on its way", "desk-42"), PublicRule, T0.AddMinutes(6));

        Assert.Empty(retry.Events);
        Assert.True(retry.Held);
        Assert.Equal(draftId.ToString(), retry.CreatedId);
    }

    [Fact]
    public void A_draft_of_a_conversation_closed_while_it_waited_cannot_be_sent()
    {
        var state = Started();
        var draftId = Held(state);
        state.Apply(new StatusChanged(T0.AddMinutes(10), ConversationStatus.Open, ConversationStatus.Closed, "sup", null));

        var decision = ApproveDraft(state, new DraftApproval(draftId, "rev-1"), T0.AddMinutes(20));

        Assert.Equal(CommandErrorKind.Conflict, decision.Error?.Kind);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void The_customer_keeps_waiting_while_a_draft_waits_and_the_answer_time_is_the_approval()
    {
        var state = Started();
        Held(state, at: T0.AddMinutes(5));

        var waiting = BrandWaitClock.Measure(SlaTurns(state), T0.AddMinutes(15));
        Assert.Null(waiting.FirstResponse);
        Assert.Equal(T0, waiting.WaitingSince);
        Assert.Equal(TimeSpan.FromMinutes(15), waiting.CurrentWait);

        Apply(state, ApproveDraft(state, new DraftApproval(state.Drafts[0].Drafted.DraftId, "rev-1"), T0.AddMinutes(20)));
        var answered = BrandWaitClock.Measure(SlaTurns(state), T0.AddMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(20), answered.FirstResponse);
        Assert.Null(answered.WaitingSince);
        Assert.Equal(TimeSpan.FromMinutes(20), ConversationProjection.View(state, T0.AddMinutes(30)).Threads[0].Clock.FirstResponse);
    }

    [Fact]
    public void An_SLA_first_response_breaches_while_the_answer_waits_for_approval()
    {
        var evaluator = new SlaEvaluator(new SlaPolicy("fr", new SlaMatch(), new SlaTargets(FirstResponse: TimeSpan.FromMinutes(15)), WarnAt: 1));
        var state = Started();
        Held(state, at: T0.AddMinutes(5));

        var check = CheckSla(state, evaluator, T0.AddMinutes(16));

        var breach = Assert.IsType<SlaBreached>(Assert.Single(check.Events));
        Assert.Equal(SlaTarget.FirstResponse, breach.Target);
    }

    [Fact]
    public void An_invitation_to_private_is_handed_off_only_when_approved()
    {
        var state = Started();
        var held = Apply(state, InvitePrivate(state, new PrivateInvite(1, "agent-1", "Please DM us", ChannelKind.X, "CASE-12"), PublicRule, T0.AddMinutes(5)));
        Assert.True(held.Held);
        Assert.Empty(state.PrivateInvites);

        Apply(state, ApproveDraft(state, new DraftApproval(Guid.Parse(held.CreatedId), "rev-1"), T0.AddMinutes(7)));

        var invite = Assert.Single(state.PrivateInvites);
        Assert.Equal(("CASE-12", 1), (invite.CaseReference, invite.PublicThreadId));
    }

    [Fact]
    public void Resolving_with_a_held_follow_up_resolves_now_and_posts_the_follow_up_only_when_approved()
    {
        var state = Started();
        Apply(state, InvitePrivate(state, new PrivateInvite(1, "agent-1", "Please DM us", ChannelKind.X), null, T0.AddMinutes(5)));
        var resolve = Apply(state, ChangeStatus(state, new StatusChange(ConversationStatus.Resolved, "agent-1", PublicFollowUp: "Sorted in DM, thanks!"),
            PublicRule, T0.AddMinutes(30)));

        Assert.True(resolve.Held);
        Assert.Equal(ConversationStatus.Resolved, state.Status);
        Assert.DoesNotContain(Messages(state), m => m.Text == "Sorted in DM, thanks!");

        Apply(state, ApproveDraft(state, new DraftApproval(Guid.Parse(resolve.CreatedId), "rev-1"), T0.AddMinutes(31)));
        Assert.Contains(state.Thread(1)!.Messages, m => m.Message is { Text: "Sorted in DM, thanks!", ApprovedBy: "rev-1" });
        Assert.Equal(ConversationStatus.Resolved, state.Status);
    }

    [Fact]
    public void A_snapshot_carries_drafts_and_their_decisions()
    {
        var state = Started();
        var approved = Held(state, clientId: "c-a");
        var pending = Held(state, clientId: "c-b");
        Apply(state, ApproveDraft(state, new DraftApproval(approved, "rev-1", "edited"), T0.AddMinutes(9)));

        var copy = ConversationState.FromSnapshot(state.Id, state.ToSnapshot());

        Assert.Equal([pending], copy.PendingDrafts.Select(d => d.Drafted.DraftId));
        Assert.Equal("edited", Assert.IsType<DraftApproved>(copy.Draft(approved)!.Decision).TextAfter);
        Assert.Equal(pending, copy.DraftForClientMessage("c-b")?.Drafted.DraftId);
        Assert.Equal(CommandErrorKind.Conflict, ApproveDraft(copy, new DraftApproval(approved, "rev-2"), T0.AddMinutes(10)).Error?.Kind);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("Sorry! Your refund is on its way.", false)]
    public void A_canned_reply_keeps_its_canned_marker_through_approval_and_an_edit_makes_it_edited(string? reviewerText, bool unedited)
    {
        var state = Started();
        var draft = Guid.Parse(Apply(state, Reply(state, new AgentReply(1, "agent-1", "We're sorry, a refund is on its way", null, null,
            new Engine.Canned.CannedUse("refund", Unedited: true)), PublicRule, T0.AddMinutes(5))).CreatedId);

        Apply(state, ApproveDraft(state, new DraftApproval(draft, "rev-1", reviewerText), T0.AddMinutes(9)));

        var sent = Assert.Single(Messages(state), m => m.Author.Kind == AuthorKind.Agent);
        Assert.Equal(new Engine.Canned.CannedUse("refund", unedited), sent.Canned);
    }
}
