namespace Engine.Approval;

using Engine.Conversations;

/// <summary>
/// One tenant's rules for vetting replies. A reply needs approval when any rule applies to it; a rule applies when
/// every condition it sets holds. No rules: nothing needs approval.
/// </summary>
[GenerateSerializer, Alias("engine.ApprovalPolicy")]
public sealed record ApprovalPolicy([property: Id(0)] IReadOnlyList<ApprovalRule> Rules)
{
    public static readonly ApprovalPolicy None = new([]);
}

/// <summary>A condition set on replies; unset (null or empty) conditions do not narrow the rule.</summary>
/// <param name="Visibility">Only replies into threads of this visibility (e.g. public only).</param>
/// <param name="Channels">Only replies on these channels.</param>
/// <param name="AgentGroups">Only replies by agents in one of these groups (an agent's queues and its <c>group:*</c> skills).</param>
/// <param name="MinRisk">Only when the conversation's risk score (0-100) is at least this; an unknown risk does not match.</param>
/// <param name="Keywords">Only replies whose text contains one of these (words, phrases, <c>prefix*</c>).</param>
/// <param name="Reviewers">Who may approve what this rule holds; empty: anyone with the reviewer role.</param>
[GenerateSerializer, Alias("engine.ApprovalRule")]
public sealed record ApprovalRule(
    [property: Id(0)] string Name,
    [property: Id(1)] Visibility? Visibility = null,
    [property: Id(2)] IReadOnlyList<ChannelKind>? Channels = null,
    [property: Id(3)] IReadOnlyList<string>? AgentGroups = null,
    [property: Id(4)] int? MinRisk = null,
    [property: Id(5)] IReadOnlyList<string>? Keywords = null,
    [property: Id(6)] IReadOnlyList<string>? Reviewers = null);

/// <summary>Why a reply is held, and who may decide it (empty: any reviewer).</summary>
[GenerateSerializer, Alias("engine.ApprovalNeed")]
public sealed record ApprovalNeed(
    [property: Id(0)] IReadOnlyList<string> Reasons,
    [property: Id(1)] IReadOnlyList<string> Reviewers);

/// <summary>Holds one tenant's approval policy. Key: tenant id. Conversations read it through a per-silo cache.</summary>
[Alias("engine.ITenantApprovalGrain")]
public interface ITenantApprovalGrain : IGrainWithStringKey
{
    Task<ApprovalPolicy> Policy();

    Task SetPolicy(ApprovalPolicy policy);
}
