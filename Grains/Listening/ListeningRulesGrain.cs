namespace Engine.Listening;

using Engine.Hosting;

[GenerateSerializer, Alias("engine.ListeningRulesState")]
public sealed class ListeningRulesState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, string> Rules { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Holds a tenant's rules; each change is checked with the parser first and bumps the version matchers poll.</summary>
public sealed class ListeningRulesGrain(
    [PersistentState("listening-rules", EngineStorage.Name)] IPersistentState<ListeningRulesState> state) : Grain, IListeningRulesGrain
{
    public const int MaxRules = 10_000;

    public async Task<ListeningRuleProblem?> Put(ListeningRule rule)
    {
        if (ListeningRuleSet.Validate(rule.Query) is { } problem) return problem;
        if (state.State.Rules.TryGetValue(rule.Id, out var known) && known == rule.Query) return null;
        if (!state.State.Rules.ContainsKey(rule.Id) && state.State.Rules.Count >= MaxRules)
            return new ListeningRuleProblem(1, $"a tenant may keep at most {MaxRules} rules");
        state.State.Rules[rule.Id] = rule.Query;
        state.State.Version++;
        await Write();
        return null;
    }

    public Task<ListeningRule?> Get(string ruleId) =>
        Task.FromResult(state.State.Rules.TryGetValue(ruleId, out var query) ? new ListeningRule(ruleId, query) : null);

    public Task<IReadOnlyList<ListeningRule>> List() => Task.FromResult(Rules());

    public async Task<bool> Delete(string ruleId)
    {
        if (!state.State.Rules.Remove(ruleId)) return false;
        state.State.Version++;
        await Write();
        return true;
    }

    public Task<ListeningRulesVersion?> Changed(long knownVersion) =>
        Task.FromResult(knownVersion == state.State.Version ? null : new ListeningRulesVersion(state.State.Version, Rules()));

    private IReadOnlyList<ListeningRule> Rules() =>
        [.. state.State.Rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ListeningRule(r.Key, r.Value))];

    private async Task Write()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored means not changed: matchers must never see a rule set that was not saved.
            await state.ReadStateAsync();
            throw;
        }
    }
}
