namespace Engine.Customers;

[GenerateSerializer, Alias("engine.CustomerIdentityState")]
public sealed class CustomerIdentityState
{
    [Id(0)] public Guid? CustomerId { get; set; }
}

/// <summary>The one place that decides which customer an identity belongs to, so two links of one identity cannot both win.</summary>
public sealed class CustomerIdentityGrain(
    [PersistentState("identity", EngineStorage.Name)] IPersistentState<CustomerIdentityState> state)
    : Grain, ICustomerIdentityGrain
{
    public async Task<Guid> CustomerId()
    {
        if (state.State.CustomerId is { } known) return known;
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/');
        var (tenant, identity) = (key[..slash], key[(slash + 1)..]);

        var customerId = Guid.NewGuid();
        await GrainFactory.GetGrain<ICustomerGrain>(CustomerKeys.Customer(tenant, customerId)).AddIdentity(identity);
        await Set(customerId);
        return customerId;
    }

    public Task<Guid?> Owner() => Task.FromResult(state.State.CustomerId);

    public async Task<Guid> Claim(Guid customerId)
    {
        if (state.State.CustomerId is { } owner) return owner;
        await Set(customerId);
        return customerId;
    }

    public async Task<bool> Release(Guid customerId)
    {
        if (state.State.CustomerId != customerId) return false;
        await Set(null);
        return true;
    }

    public async Task Move(Guid from, Guid to)
    {
        if (state.State.CustomerId == from) await Set(to);
    }

    private async Task Set(Guid? customerId)
    {
        var before = state.State.CustomerId;
        state.State.CustomerId = customerId;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.CustomerId = before;
            throw;
        }
    }
}
