namespace Engine.Audit;

using Engine.Hosting;

[GenerateSerializer, Alias("engine.AuditLogState")]
public sealed class AuditLogState
{
    [Id(0)] public List<AuditEntry> Entries { get; set; } = [];
}

public sealed class AuditLogGrain(
    [PersistentState("audit", EngineStorage.Name)] IPersistentState<AuditLogState> state,
    TimeProvider clock) : Grain, IAuditLogGrain
{
    public async Task<long> Append(string actor, string action, string target, string? details)
    {
        var entry = new AuditEntry(state.State.Entries.Count + 1, clock.GetUtcNow(), actor, action, target, details);
        state.State.Entries.Add(entry);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored: forget it here too, so the numbering stays that of what is stored.
            state.State.Entries.RemoveAt(state.State.Entries.Count - 1);
            throw;
        }
        return entry.Sequence;
    }

    public Task<AuditPage> After(long sequence, int limit)
    {
        var entries = state.State.Entries;
        var page = entries.Skip((int)Math.Clamp(sequence, 0, entries.Count)).Take(limit).ToList();
        return Task.FromResult(new AuditPage(page, entries.Count));
    }
}
