namespace Engine.Customers;

using Engine.Conversations;

/// <summary>
/// Runs a tenant's merges one at a time (merges are rare, deliberate acts). Each step is idempotent, so a merge
/// interrupted half-way is finished by asking again; until then the merged customer already redirects to the survivor.
/// </summary>
public sealed class CustomerMergeGrain : Grain, ICustomerMergeGrain
{
    /// <summary>How many redirects are followed to find who a customer is now.</summary>
    private const int MaxHops = 8;

    private string Tenant => this.GetPrimaryKeyString();

    private ICustomerGrain Customer(Guid id) => GrainFactory.GetGrain<ICustomerGrain>(CustomerKeys.Customer(Tenant, id));

    public async Task<MergeOutcome> Merge(Guid survivor, Guid from, string by) => await Run(survivor, from, by, null);

    public async Task<MergeOutcome> MergeVerified(Guid survivor, Guid from, string signal)
    {
        if (!CustomerState.IsFreshSingleIdentity(await Customer(from).Get()))
            return new(null, new CommandError(CommandErrorKind.Conflict, "Only a customer with one new identity and nothing else is merged automatically."));
        return await Run(survivor, from, "system", signal);
    }

    private async Task<MergeOutcome> Run(Guid survivorId, Guid fromId, string by, string? signal)
    {
        var (survivor, survivorView) = await Current(survivorId);
        if (survivorView is null)
            return new(null, new CommandError(CommandErrorKind.NotFound, $"No customer {survivorId}.", "customerId"));
        var from = await Customer(fromId).Get();
        if (!from.Exists)
            return new(null, new CommandError(CommandErrorKind.NotFound, $"No customer {fromId}.", "from"));
        if (fromId == survivor)
            return new(null, new CommandError(CommandErrorKind.Invalid, "A customer cannot be merged into itself.", "from"));
        if (from.MergedInto is { } earlier && (await Current(earlier)).Id != survivor)
            return new(null, new CommandError(CommandErrorKind.Conflict,
                $"Customer {fromId} was already merged into {earlier}; merge that customer instead.", "from"));

        var handOver = await Customer(fromId).HandOver(survivor, by, signal);
        await Customer(survivor).Absorb(fromId, handOver, by, signal);
        foreach (var identity in handOver.Identities)
            await GrainFactory.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(Tenant, identity)).Move(fromId, survivor);
        return new(survivor);
    }

    /// <summary>Who a customer is now: itself, or the end of its chain of merges. Null view when it does not exist.</summary>
    private async Task<(Guid Id, CustomerView? View)> Current(Guid id)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var view = await Customer(id).Get();
            if (!view.Exists) return (id, null);
            if (view.MergedInto is not { } next) return (id, view);
            id = next;
        }
        return (id, null);
    }
}
