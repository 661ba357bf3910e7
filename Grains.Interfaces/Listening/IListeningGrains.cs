namespace Engine.Listening;

/// <summary>A tenant's rules at one version; the version grows with every change.</summary>
[GenerateSerializer, Alias("engine.ListeningRulesVersion")]
public sealed record ListeningRulesVersion(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<ListeningRule> Rules);

/// <summary>A tenant's listening rules, validated when saved. Key: tenant id.</summary>
[Alias("engine.IListeningRulesGrain")]
public interface IListeningRulesGrain : IGrainWithStringKey
{
    /// <summary>Saves (adds or replaces) a rule; a rule that does not parse is not saved and its problem is returned.</summary>
    Task<ListeningRuleProblem?> Put(ListeningRule rule);

    Task<ListeningRule?> Get(string ruleId);

    Task<IReadOnlyList<ListeningRule>> List();

    /// <returns>Whether there was such a rule.</returns>
    Task<bool> Delete(string ruleId);

    /// <summary>The rules when their version differs from <paramref name="knownVersion"/>; null when the caller is up to date.</summary>
    Task<ListeningRulesVersion?> Changed(long knownVersion);
}

[GenerateSerializer, Alias("engine.ListeningStatus")]
public enum ListeningStatus { Unmatched, Accepted, Duplicate }

/// <summary>What became of one post: no rule matched (nothing stored), stored in a conversation, or already stored.</summary>
[GenerateSerializer, Alias("engine.ListeningOutcome")]
public sealed record ListeningOutcome(
    [property: Id(0)] string PostId,
    [property: Id(1)] ListeningStatus Status,
    [property: Id(2)] IReadOnlyList<string> RuleIds,
    [property: Id(3)] Guid? ConversationId = null,
    [property: Id(4)] bool ConversationCreated = false);

/// <summary>
/// Matches a listening feed's posts against the tenant's rules (compiled once per rule change, per activation) and opens
/// a proactive conversation for each match. A stateless worker keyed by tenant, so every silo matches locally.
/// </summary>
[Alias("engine.IListeningFeedGrain")]
public interface IListeningFeedGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<ListeningOutcome>> Accept(IReadOnlyList<ListeningPost> posts);
}
