namespace Engine.Canned;

using Engine.Conversations;

[GenerateSerializer, Alias("engine.CannedResponsesState")]
public sealed class CannedResponsesState
{
    [Id(0)] public Dictionary<string, CannedResponse> Responses { get; set; } = [];
}

/// <summary>A tenant's canned responses in one grain: a tenant has hundreds, not millions, and shortcuts must be unique.</summary>
public sealed class CannedResponsesGrain(
    [PersistentState("canned", EngineStorage.Name)] IPersistentState<CannedResponsesState> state,
    TimeProvider clock) : Grain, ICannedResponsesGrain
{
    private Dictionary<string, CannedResponse> Responses => state.State.Responses;

    public async Task<CannedOutcome> Create(CannedResponseDraft draft)
    {
        if (CannedResponseRules.Check(draft) is { } invalid) return new(null, invalid);
        var shortcut = CannedResponseRules.NormalizeShortcut(draft.Shortcut);
        if (ByShortcut(shortcut) is { } existing)
            return existing.Text == draft.Text && existing.Title == draft.Title
                ? new(existing) // a retried create
                : new(null, new CommandError(CommandErrorKind.Conflict, $"Shortcut '{shortcut}' is already used by response {existing.Id}.", "shortcut"));
        if (Responses.Count >= CannedResponseRules.MaxResponses)
            return new(null, new CommandError(CommandErrorKind.Conflict, $"A tenant keeps at most {CannedResponseRules.MaxResponses} responses."));

        var response = new CannedResponse(Guid.NewGuid().ToString("N"), shortcut, draft.Title, draft.Text, clock.GetUtcNow(), draft.By, 1);
        await Save(() => Responses[response.Id] = response);
        return new(response, Created: true);
    }

    public async Task<CannedOutcome> Update(string id, CannedResponseDraft draft, long? expectedVersion)
    {
        if (!Responses.TryGetValue(id, out var current))
            return new(null, new CommandError(CommandErrorKind.NotFound, $"No canned response {id}.", "id"));
        if (expectedVersion is { } expected && expected != current.Version)
            return new(null, new CommandError(CommandErrorKind.Conflict, $"The response is at version {current.Version}, not {expected}.", "version"));
        if (CannedResponseRules.Check(draft) is { } invalid) return new(null, invalid);
        var shortcut = CannedResponseRules.NormalizeShortcut(draft.Shortcut);
        if (ByShortcut(shortcut) is { } other && other.Id != id)
            return new(null, new CommandError(CommandErrorKind.Conflict, $"Shortcut '{shortcut}' is already used by response {other.Id}.", "shortcut"));
        if (current.Shortcut == shortcut && current.Title == draft.Title && current.Text == draft.Text)
            return new(current);

        var updated = current with { Shortcut = shortcut, Title = draft.Title, Text = draft.Text, UpdatedAt = clock.GetUtcNow(),
            UpdatedBy = draft.By, Version = current.Version + 1 };
        await Save(() => Responses[id] = updated);
        return new(updated);
    }

    public async Task<bool> Delete(string id)
    {
        if (!Responses.ContainsKey(id)) return false;
        await Save(() => Responses.Remove(id));
        return true;
    }

    public Task<CannedResponse?> Get(string id) => Task.FromResult(Responses.GetValueOrDefault(id));

    public Task<IReadOnlyList<CannedResponse>> Search(string? query, int limit) =>
        Task.FromResult(CannedSearch.Find(Responses.Values, query, limit));

    public Task<CannedRendering?> Render(string id, CannedRenderContext context)
    {
        if (!Responses.TryGetValue(id, out var response)) return Task.FromResult<CannedRendering?>(null);
        return Task.FromResult<CannedRendering?>(CannedRenderer.Render(response, context));
    }

    private CannedResponse? ByShortcut(string shortcut) => Responses.Values.FirstOrDefault(r => r.Shortcut == shortcut);

    /// <summary>Changes the state and writes it; a failed write is undone by reading the stored state back.</summary>
    private async Task Save(Action change)
    {
        change();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
