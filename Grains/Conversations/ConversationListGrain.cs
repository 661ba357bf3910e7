namespace Engine.Conversations;

using Orleans.Concurrency;

/// <summary>Lists a tenant's conversations from the store; stateless, so any silo answers locally.</summary>
[StatelessWorker, Reentrant] // holds no state: calls need not wait for each other
public sealed class ConversationListGrain(IConversationStore store) : Grain, IConversationListGrain
{
    public Task<ConversationPage> List(string tenant, ConversationQuery query) =>
        store.List(tenant, query, CancellationToken.None);
}
