namespace Engine.Customers;

[GenerateSerializer, Alias("engine.CustomerIdentityState")]
public sealed class CustomerIdentityState
{
    [Id(0)] public Guid? CustomerId { get; set; }
}

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
        state.State.CustomerId = customerId;
        await state.WriteStateAsync();
        return customerId;
    }
}
