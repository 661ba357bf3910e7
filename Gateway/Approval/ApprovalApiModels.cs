namespace Engine.Gateway.Approval;

using Engine.Approval;
using Engine.Conversations;

/// <summary>A tenant's approval policy as the API reads and writes it: a reply needs approval when any rule applies.</summary>
public sealed record ApprovalPolicyBody(IReadOnlyList<ApprovalRuleBody?>? Rules)
{
    public static ApprovalPolicyBody From(ApprovalPolicy policy) => new([.. policy.Rules.Select(r => (ApprovalRuleBody?)new ApprovalRuleBody(
        r.Name, r.Visibility, r.Channels, r.AgentGroups, r.MinRisk, r.Keywords, r.Reviewers))]);
}

/// <summary>Every condition given must hold for the rule to apply; at least one is required.</summary>
/// <param name="MinRisk">0-100: the conversation's highest customer-message risk score at least this.</param>
/// <param name="Reviewers">Who may decide what this rule holds; none: any reviewer.</param>
public sealed record ApprovalRuleBody(
    string? Name,
    Visibility? Visibility = null,
    IReadOnlyList<ChannelKind>? Channels = null,
    IReadOnlyList<string>? AgentGroups = null,
    int? MinRisk = null,
    IReadOnlyList<string>? Keywords = null,
    IReadOnlyList<string>? Reviewers = null);

/// <summary>The answer to a reply, invitation or follow-up held for approval (202).</summary>
public sealed record DraftHeldResponse(Guid ConversationId, Guid DraftId, string Status, long Version);

/// <param name="Text">The edited text to send instead of the draft's; omitted: sent as written.</param>
public sealed record ApproveDraftRequest(string? ReviewerId, string? Text = null);

public sealed record RejectDraftRequest(string? ReviewerId, string? Comment);

public sealed record DraftDecisionResponse(Guid ConversationId, Guid DraftId, string Status, string? MessageId, long Version);

public sealed record DraftQueueResponse(IReadOnlyList<PendingDraft> Items);
