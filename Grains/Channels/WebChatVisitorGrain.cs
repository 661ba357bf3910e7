namespace Engine.Channels;

[GenerateSerializer, Alias("engine.WebChatVisitorState")]
public sealed class WebChatVisitorState
{
    [Id(0)] public WebChatVisitor? Visitor { get; set; }
}

public sealed class WebChatVisitorGrain(
    [PersistentState("webchat-visitor", EngineStorage.Name)] IPersistentState<WebChatVisitorState> state) : Grain, IWebChatVisitorGrain
{
    public async Task<bool> Start(string? name, string? email, DateTimeOffset at)
    {
        if (state.State.Visitor is not null) return false;
        state.State.Visitor = new WebChatVisitor(name, email, at, null);
        await state.WriteStateAsync();
        return true;
    }

    public Task<WebChatVisitor?> Get() => Task.FromResult(state.State.Visitor);

    public async Task RecordConversation(Guid conversationId)
    {
        if (state.State.Visitor is not { } visitor || visitor.ConversationId == conversationId) return;
        state.State.Visitor = visitor with { ConversationId = conversationId };
        await state.WriteStateAsync();
    }
}
