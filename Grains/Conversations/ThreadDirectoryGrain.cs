namespace Engine.Conversations;

using Engine.Customers;

[GenerateSerializer, Alias("engine.ThreadDirectoryState")]
public sealed class ThreadDirectoryState
{
    [Id(0)] public Guid? ConversationId { get; set; }
    [Id(1)] public Guid? CustomerId { get; set; }
    [Id(2)] public Guid? LinkedFrom { get; set; }
}

public sealed class ThreadDirectoryGrain(
    [PersistentState("thread", EngineStorage.Name)] IPersistentState<ThreadDirectoryState> state) : Grain, IThreadDirectoryGrain
{
    private string? _threadKey;
    // Kept: split from the grain key once, not on every message's route.
    private string ThreadKey => _threadKey ??= this.GetPrimaryKeyString().Split('/', 3)[2];

    public async Task<ThreadRoute> Resolve(InboundMessage message)
    {
        if (state.State.ConversationId is { } known)
        {
            // A thread first seen through a brand message that named no customer learns its customer from a later
            // message; otherwise the conversation would stay customerless, depending on arrival order.
            if (state.State.CustomerId is null && await CustomerOf(message) is { } late)
            {
                state.State.CustomerId = late;
                await Save();
            }
            return Route(known);
        }

        var customerId = await CustomerOf(message);
        Guid? joined = null;
        // A private thread from a customer who already has an active case with this brand continues that case.
        if (message.Visibility == Visibility.Private && customerId is { } customer && !message.Author.Kind.SpeaksForBrand())
            joined = await GrainFactory.GetGrain<ICustomerGrain>(CustomerKeys.Customer(message.Tenant, customer)).ActiveConversation();
        if (joined is null && message.Visibility == Visibility.Private && !message.Author.Kind.SpeaksForBrand()
            && await QuotedCase(message) is (var quoted, var reference))
        {
            joined = quoted;
            customerId = await AdoptQuoting(message.Tenant, quoted, reference, customerId) ?? customerId;
        }

        state.State.ConversationId = joined ?? Guid.NewGuid();
        state.State.CustomerId = customerId;
        await Save();
        return Route(state.State.ConversationId.Value, minted: joined is null);
    }

    /// <summary>A DM that quotes the case reference of an invitation joins that conversation while it is active, even from
    /// an identity not linked to the customer. Only new private threads without an active case pay these lookups.</summary>
    private async Task<(Guid Conversation, string Reference)?> QuotedCase(InboundMessage message)
    {
        foreach (var reference in CaseReferences.Candidates(message.Text))
        {
            if (await GrainFactory.GetGrain<ICaseReferenceGrain>(CaseReferences.Key(message.Tenant, reference)).Conversation() is not { } quoted)
                continue;
            if ((await GrainFactory.GetGrain<IConversationGrain>(quoted).Routing(message.Tenant))?.Active == true)
                return (quoted, reference);
        }
        return null;
    }

    /// <summary>A quoted case reference is a verified signal: a customer known only by this new identity is merged into the
    /// case's customer (never an established one). Answers the customer the thread belongs to now, or null to keep its own.</summary>
    private async Task<Guid?> AdoptQuoting(string tenant, Guid conversation, string reference, Guid? quoting)
    {
        if (quoting is not { } from) return null;
        var view = await GrainFactory.GetGrain<IConversationGrain>(conversation).Get(tenant);
        if (view?.CustomerId is not { } owner || owner == from) return null;
        return (await GrainFactory.GetGrain<ICustomerMergeGrain>(tenant)
            .MergeVerified(owner, from, $"case reference {reference} quoted in a private message")).Survivor;
    }

    public Task<Guid?> Known() => Task.FromResult(state.State.ConversationId);

    public async Task<ThreadRoute> StartOver(Guid expiredConversation, InboundMessage message)
    {
        if (state.State.ConversationId == expiredConversation)
        {
            // First the old conversation learns it lost the thread (durably), then the move is stored: a route to it
            // that an inbound grain kept (ThreadRoutes) is refused from now on, even for the brand messages and after a
            // reopening by an agent, which it would otherwise take. A crash in between leaves the thread refused there
            // and still routed there, so the next message comes back here and the move completes.
            await GrainFactory.GetGrain<IConversationGrain>(expiredConversation).MoveThreadOut(message.Tenant, message.Channel, ThreadKey);
            state.State.ConversationId = Guid.NewGuid();
            state.State.LinkedFrom = expiredConversation;
            state.State.CustomerId ??= await CustomerOf(message);
            await Save();
            return Route(state.State.ConversationId.Value, minted: true);
        }
        return Route(state.State.ConversationId!.Value);
    }

    /// <summary>
    /// Writes the decision, or forgets it: a route that is not stored must not be handed out, or the thread would
    /// follow it here and another conversation after the next activation. The next call decides again from storage.
    /// </summary>
    private async Task Save()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            try { await state.ReadStateAsync(); }
            catch { DeactivateOnIdle(); } // storage unreachable: let a fresh activation load it later
            throw;
        }
    }

    private ThreadRoute Route(Guid conversationId, bool minted = false) =>
        new(conversationId, ThreadKey, state.State.CustomerId, state.State.LinkedFrom, minted);

    private async Task<Guid?> CustomerOf(InboundMessage message)
    {
        var identity = message.Author.Kind.SpeaksForBrand() ? message.CustomerIdentity : message.Author.Identity;
        if (identity is null) return null;
        return await GrainFactory.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(message.Tenant, identity)).CustomerId();
    }
}
