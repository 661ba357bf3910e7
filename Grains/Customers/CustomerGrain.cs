namespace Engine.Customers;

using Engine.Conversations;

[GenerateSerializer, Alias("engine.CustomerState")]
public sealed class CustomerState
{
    [Id(0)] public List<string> Identities { get; set; } = [];
    /// <summary>Active (open, pending, snoozed) conversations and when each became active.</summary>
    [Id(1)] public Dictionary<Guid, DateTimeOffset> ActiveConversations { get; set; } = [];
}

public sealed class CustomerGrain(
    [PersistentState("customer", EngineStorage.Name)] IPersistentState<CustomerState> state) : Grain, ICustomerGrain
{
    public async Task AddIdentity(string identity)
    {
        if (state.State.Identities.Contains(identity)) return;
        state.State.Identities.Add(identity);
        await state.WriteStateAsync();
    }

    public Task<Guid?> ActiveConversation() => Task.FromResult(
        state.State.ActiveConversations.Count == 0
            ? (Guid?)null
            : state.State.ActiveConversations.MaxBy(c => c.Value).Key);

    public async Task Track(Guid conversationId, ConversationStatus status, DateTimeOffset at)
    {
        var active = status is ConversationStatus.Open or ConversationStatus.Pending or ConversationStatus.Snoozed;
        var changed = active
            ? state.State.ActiveConversations.TryAdd(conversationId, at)
            : state.State.ActiveConversations.Remove(conversationId);
        if (changed) await state.WriteStateAsync();
    }

    public Task<CustomerView> Get()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.LastIndexOf('/');
        return Task.FromResult(new CustomerView(Guid.Parse(key[(slash + 1)..]), key[..slash],
            state.State.Identities.ToList(), state.State.ActiveConversations.Keys.ToList()));
    }
}
