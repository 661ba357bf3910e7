namespace Engine.Conversations;

[GenerateSerializer, Alias("engine.CaseReferenceState")]
public sealed class CaseReferenceState
{
    [Id(0)] public Guid? ConversationId { get; set; }
}

/// <summary>Remembers which conversation a case reference belongs to; the newest invitation with it wins.</summary>
public sealed class CaseReferenceGrain(
    [PersistentState("case-reference", EngineStorage.Name)] IPersistentState<CaseReferenceState> state) : Grain, ICaseReferenceGrain
{
    public async Task Register(Guid conversationId)
    {
        if (state.State.ConversationId == conversationId) return;
        state.State.ConversationId = conversationId;
        await state.WriteStateAsync();
    }

    public Task<Guid?> Conversation() => Task.FromResult(state.State.ConversationId);
}
