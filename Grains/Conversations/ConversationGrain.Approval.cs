namespace Engine.Conversations;

using Engine.Agents;
using Engine.Approval;
using Microsoft.Extensions.Logging;

/// <summary>Vetting of replies: the policy is asked before a reply is stored, drafts wait for a reviewer, and the tenant's
/// drafts queue hears of every change after it is committed.</summary>
public sealed partial class ConversationGrain
{
    private static readonly TimeSpan DraftsReportDelay = TimeSpan.FromSeconds(1);

    public async Task<CommandOutcome> ApproveDraft(string tenant, DraftApproval draftApproval)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var outcome = await Commit(ConversationDecisions.ApproveDraft(_state, draftApproval, clock.GetUtcNow()));
        if (outcome.Succeeded && _state.Draft(draftApproval.DraftId)?.Drafted is { Kind: DraftKind.InvitePrivate, CaseReference: { } reference })
            await RegisterCaseReference(reference);
        return outcome;
    }

    public async Task<CommandOutcome> RejectDraft(string tenant, DraftRejection rejection)
    {
        if (!BelongsTo(tenant)) return NotFound();
        var (events, error) = ConversationDecisions.RejectDraft(_state, rejection, clock.GetUtcNow());
        if (error is not null) return new CommandOutcome(_state.Version, error);
        await Commit(events);
        if (events.Count > 0) await ReportDrafts();
        return new CommandOutcome(_state.Version);
    }

    /// <summary>Commits a reply decision; drafts are reported to the tenant's queue once stored.</summary>
    private async Task<CommandOutcome> Commit(ConversationDecisions.ReplyDecision decision)
    {
        if (decision.Error is not null) return new CommandOutcome(_state.Version, decision.Error);
        await Commit(decision.Events);
        if (decision.Events.Any(e => e is ReplyDrafted or DraftApproved)) await ReportDrafts();
        return new CommandOutcome(_state.Version, CreatedId: decision.CreatedId, Held: decision.Held);
    }

    private Task RegisterCaseReference(string reference) =>
        GrainFactory.GetGrain<ICaseReferenceGrain>(CaseReferences.Key(_state.Tenant!, reference)).Register(_state.Id);

    /// <summary>Whether the tenant's policy holds this text from this agent on this thread; null when it flows.</summary>
    private async Task<ApprovalNeed?> ApprovalNeedFor(int? threadId, string agentId, string text)
    {
        if (threadId is not { } id || _state.Thread(id) is not { } thread) return null;
        var rules = await approval.Rules(_state.Tenant!);
        if (rules.Policy.Rules.Count == 0) return null;
        IReadOnlySet<string> groups = rules.UsesAgentGroups
            ? await GrainFactory.GetGrain<IAgentGrain>(AgentKeys.Agent(_state.Tenant!, agentId)).Groups()
            : new HashSet<string>();
        return rules.Evaluate(new ReplyFacts(thread.Visibility, thread.Channel, groups,
            ConversationDecisions.HighestCustomerRisk(_state), text));
    }

    /// <summary>Tells the tenant's drafts queue what is pending here. A failure is logged: the next change or activation
    /// reports again, and the conversation's own log stays the truth.</summary>
    private async Task ReportDrafts()
    {
        var pending = _state.PendingDrafts.Select(d =>
        {
            var thread = _state.Thread(d.Drafted.ThreadId)!;
            return new PendingDraft(_state.Id, d.Drafted.DraftId, d.Drafted.Kind, thread.Id, thread.Channel, thread.Visibility,
                d.Drafted.AgentId, d.Drafted.Text, d.Drafted.Reasons, d.Drafted.Reviewers, d.Drafted.At);
        }).ToList();
        try
        {
            await GrainFactory.GetGrain<IApprovalQueueGrain>(_state.Tenant!).Update(_state.Id, _state.Version, pending);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Conversation {ConversationId} could not report its drafts; it reports again later", _state.Id);
        }
    }

    /// <summary>A report lost with a dead silo is repaired when the conversation is next activated.</summary>
    private void ScheduleDraftsReport()
    {
        if (_state.Drafts.Count == 0) return;
        this.RegisterGrainTimer(_ => ReportDrafts(), new GrainTimerCreationOptions(DraftsReportDelay, Timeout.InfiniteTimeSpan));
    }
}
