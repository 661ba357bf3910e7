namespace Engine.Conversations;

[GenerateSerializer, Alias("engine.MessageDirectoryState")]
public sealed class MessageDirectoryState
{
    [Id(0)] public string? ThreadKey { get; set; }
}

public sealed class MessageDirectoryGrain(
    [PersistentState("message", EngineStorage.Name)] IPersistentState<MessageDirectoryState> state) : Grain, IMessageDirectoryGrain
{
    public Task<string?> ThreadOf() => Task.FromResult(state.State.ThreadKey);

    public async Task Record(string threadKey)
    {
        if (state.State.ThreadKey is not null) return;
        state.State.ThreadKey = threadKey;
        await state.WriteStateAsync();
    }
}
