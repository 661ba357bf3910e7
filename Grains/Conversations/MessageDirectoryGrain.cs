namespace Engine.Conversations;

[GenerateSerializer, Alias("engine.MessageDirectoryState")]
public sealed class MessageDirectoryState
{
    [Id(0)] public string? ThreadKey { get; set; }
}

public sealed class MessageDirectoryGrain(
    [PersistentState("message", EngineStorage.Name)] IPersistentState<MessageDirectoryState> state) : Grain, IMessageDirectoryGrain
{
    public async Task<string?> ThreadOf()
    {
        // While a dead silo's grains move, a second activation may have stored the record after this one loaded;
        // "unknown" is answered only when storage agrees.
        if (state.State.ThreadKey is null)
            await state.ReadStateAsync();
        return state.State.ThreadKey;
    }

    public async Task Record(string threadKey)
    {
        if (state.State.ThreadKey is not null) return;
        state.State.ThreadKey = threadKey;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not known: a redelivery must write it again rather than find it in memory.
            try { await state.ReadStateAsync(); }
            catch { state.State.ThreadKey = null; DeactivateOnIdle(); }
            throw;
        }
    }
}
