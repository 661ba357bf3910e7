namespace Engine.Customers;

using Engine.Conversations;

/// <summary>
/// Holds one customer's record (<see cref="CustomerState"/>). A merged customer forwards to its survivor, so
/// conversations and thread routes that still name it keep working.
/// </summary>
public sealed class CustomerGrain(
    [PersistentState("customer", EngineStorage.Name)] IPersistentState<CustomerState> state,
    TimeProvider clock) : Grain, ICustomerGrain
{
    private CustomerState S => state.State;

    private (string Tenant, Guid Id) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.LastIndexOf('/');
            return (key[..slash], Guid.Parse(key[(slash + 1)..]));
        }
    }

    private ICustomerGrain Survivor(Guid id) => GrainFactory.GetGrain<ICustomerGrain>(CustomerKeys.Customer(Key.Tenant, id));

    private ICustomerIdentityGrain IdentityGrain(string identity) =>
        GrainFactory.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(Key.Tenant, identity));

    public async Task AddIdentity(string identity)
    {
        if (S.MergedInto is { } survivor) { await Survivor(survivor).AddIdentity(identity); return; }
        if (S.AddIdentity(identity)) await Save();
    }

    public async Task<Guid?> ActiveConversation() =>
        S.MergedInto is { } survivor ? await Survivor(survivor).ActiveConversation() : S.MostRecentActive();

    public async Task Track(Guid conversationId, ConversationStatus status, DateTimeOffset at)
    {
        if (S.MergedInto is { } survivor) { await Survivor(survivor).Track(conversationId, status, at); return; }
        if (S.Track(conversationId, status, at)) await Save();
    }

    public Task<CustomerView> Get()
    {
        var (tenant, id) = Key;
        return Task.FromResult(new CustomerView(id, tenant, S.Identities.ToList(), S.ActiveConversations.Keys.ToList(), S.Exists,
            S.MergedInto, S.MergedFrom.ToList(), S.AllConversations(), S.Audit.ToList()));
    }

    public async Task<CommandError?> Link(string identity, string by, string? signal = null)
    {
        if (S.MergedInto is { } survivor) return await Survivor(survivor).Link(identity, by, signal);
        var id = Key.Id;
        var owner = await IdentityGrain(identity).Claim(id);
        if (owner != id)
        {
            // An identity still pointing at a customer merged into this one is ours; the merge had not moved it yet.
            var ownerView = await Survivor(owner).Get();
            if (ownerView.MergedInto != id)
                return new CommandError(CommandErrorKind.Conflict,
                    $"Identity {identity} belongs to customer {owner}; merge the customers to bring it here.", "identity");
            await IdentityGrain(identity).Move(owner, id);
        }
        if (S.Identities.Contains(identity)) return null; // a repeated link: nothing new to audit
        S.Linked(identity, by, clock.GetUtcNow(), signal);
        await Save();
        return null;
    }

    public async Task<CommandError?> Unlink(string identity, string by)
    {
        if (S.MergedInto is { } survivor) return await Survivor(survivor).Unlink(identity, by);
        if (!S.Identities.Contains(identity))
            return new CommandError(CommandErrorKind.NotFound, $"Identity {identity} is not linked to this customer.", "identity");
        // Released first: should the write below fail, a retry finds the identity still listed and releases again (a no-op).
        await IdentityGrain(identity).Release(Key.Id);
        S.Unlinked(identity, by, clock.GetUtcNow());
        await Save();
        return null;
    }

    public async Task<CustomerHandOver> HandOver(Guid survivor, string by, string? signal)
    {
        var wasMerged = S.MergedInto is not null;
        var handOver = S.HandOver(survivor, by, clock.GetUtcNow(), signal);
        if (!wasMerged) await Save();
        return handOver;
    }

    public async Task Absorb(Guid from, CustomerHandOver handOver, string by, string? signal)
    {
        if (S.Absorb(from, handOver, by, clock.GetUtcNow(), signal)) await Save();
    }

    /// <summary>Writes the state; a failed write is undone by reading the stored state back, so nothing unstored is served.</summary>
    private async Task Save()
    {
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
