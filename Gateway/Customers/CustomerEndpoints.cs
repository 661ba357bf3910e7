namespace Engine.Gateway.Customers;

using System.Security.Claims;
using Engine.Gateway.Audit;
using Engine.Gateway.Security;
using Engine.Conversations;
using Engine.Customers;
using Engine.Gateway.Conversations;
using Engine.Gateway.Problems;
using Engine.Insight.Vader;

/// <summary>
/// One customer across channels under <c>/api/v1/tenants/{tenant}/customers</c>: the customer view, lookup by identity,
/// linking and unlinking identities, and explicit merges. A merged customer's id answers with its survivor.
/// </summary>
public static class CustomerEndpoints
{
    private const int MaxHops = 8;

    public static IEndpointRouteBuilder MapCustomerApi(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/v1/tenants/{tenant}/customers")
            .AddEndpointFilter(ConversationEndpoints.TenantFilter).WithTags("Customers");
        customers.MapGet("/", Lookup).RequireAuthorization(EnginePolicies.Read).WithName("FindCustomerByIdentity")
            .WithSummary("The customer an identity belongs to (?identity=x:handle), as the customer view")
            .Produces<CustomerProfile>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        customers.MapGet("/{customerId}", Get).RequireAuthorization(EnginePolicies.Read).WithName("GetCustomer")
            .WithSummary("Identities, conversations on all channels with status, latest sentiment and audit; a merged id answers with its survivor")
            .Produces<CustomerProfile>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        customers.MapPost("/{customerId}/identities", Link).RequireAuthorization(EnginePolicies.Desk).Audited("customer.identity.linked").WithName("LinkCustomerIdentity")
            .WithSummary("Link an identity (x, facebook, messenger, instagram, email, phone, webchat); 409 if another customer has it")
            .Produces<CustomerProfile>(StatusCodes.Status201Created).Produces<CustomerProfile>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem();
        customers.MapDelete("/{customerId}/identities/{kind}/{value}", Unlink).RequireAuthorization(EnginePolicies.Supervise).Audited("customer.identity.unlinked").WithName("UnlinkCustomerIdentity")
            .WithSummary("Unlink an identity (?by= who); its next message starts a customer of its own")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        customers.MapPost("/{customerId}/merge", Merge).RequireAuthorization(EnginePolicies.Supervise).Audited("customer.merged").WithName("MergeCustomers")
            .WithSummary("Merge customer 'from' into this one: identities move here, its conversations stay and are listed here")
            .Produces<CustomerProfile>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Get(string tenant, string customerId, IGrainFactory grains)
    {
        if (!Guid.TryParse(customerId, out var id)) return ProblemResults.Invalid("customerId", "Must be a customer id (GUID).");
        return await Profile(grains, tenant, id) is { } profile ? Results.Ok(profile) : NotFound(tenant, id);
    }

    private static async Task<IResult> Lookup(string tenant, string? identity, IGrainFactory grains)
    {
        if (identity is null || !InputRules.IdentityPattern().IsMatch(identity))
            return ProblemResults.Invalid("identity", "Must be kind:value, such as x:115712 or email:ann@example.com.");
        // Channels record identities as the platform spells them; links store them normalised. Either finds the customer.
        var owner = await grains.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(tenant, identity)).Owner();
        if (owner is null && IdentityFormats.Parse(identity).Identity is { } normalized && normalized != identity)
            owner = await grains.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(tenant, normalized)).Owner();
        return owner is { } id && await Profile(grains, tenant, id) is { } profile
            ? Results.Ok(profile) : ProblemResults.NotFound($"No customer with identity {identity} for tenant {tenant}.");
    }

    private static async Task<IResult> Link(string tenant, string customerId, LinkIdentityRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        var (actor, forbidden) = Actors.Resolve(caller, request.By, "by");
        if (forbidden is not null) return forbidden;
        request = request with { By = actor };
        var errors = new InputRules.Errors();
        if (!Guid.TryParse(customerId, out var id)) errors.Add("customerId", "Must be a customer id (GUID).");
        var (identity, invalid) = IdentityFormats.Normalize(request.Kind, request.Value);
        if (invalid is not null) errors.Add(request.Kind is null || !IdentityFormats.Kinds.Contains(request.Kind.Trim().ToLowerInvariant()) ? "kind" : "value", invalid);
        errors.RequireId("by", request.By);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        if (await Current(grains, tenant, id) is not { } customer) return NotFound(tenant, id);
        // A channel may have recorded the same identity as the platform spells it (x:AnnB); that owner counts too.
        var spelled = $"{request.Kind!.Trim().ToLowerInvariant()}:{request.Value!.Trim().TrimStart('@')}";
        if (spelled != identity && await grains.GetGrain<ICustomerIdentityGrain>(CustomerKeys.Identity(tenant, spelled)).Owner() is { } other
            && (await Current(grains, tenant, other))?.Id is { } owner && owner != customer.Id)
            return ProblemResults.From(new CommandError(CommandErrorKind.Conflict,
                $"Identity {spelled} belongs to customer {owner}; merge the customers to bring it here.", "identity"));
        var already = customer.Identities.Contains(identity!);
        if (await Customer(grains, tenant, customer.Id).Link(identity!, request.By!) is { } refused) return ProblemResults.From(refused);
        var profile = await Profile(grains, tenant, customer.Id);
        return already ? Results.Ok(profile) : Results.Created($"/api/v1/tenants/{tenant}/customers/{customer.Id}", profile);
    }

    private static async Task<IResult> Unlink(string tenant, string customerId, string kind, string value, string? by, IGrainFactory grains, ClaimsPrincipal caller)
    {
        (by, var forbidden) = Actors.Resolve(caller, by, "by");
        if (forbidden is not null) return forbidden;
        var errors = new InputRules.Errors();
        if (!Guid.TryParse(customerId, out var id)) errors.Add("customerId", "Must be a customer id (GUID).");
        var (identity, invalid) = IdentityFormats.Normalize(kind, value);
        if (invalid is not null) errors.Add(IdentityFormats.Kinds.Contains(kind.ToLowerInvariant()) ? "value" : "kind", invalid);
        errors.RequireId("by", by);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        if (await Current(grains, tenant, id) is not { } customer) return NotFound(tenant, id);
        return await Customer(grains, tenant, customer.Id).Unlink(identity!, by!) is { } refused
            ? ProblemResults.From(refused) : Results.NoContent();
    }

    private static async Task<IResult> Merge(string tenant, string customerId, MergeRequest request, IGrainFactory grains, ClaimsPrincipal caller)
    {
        var (actor, forbidden) = Actors.Resolve(caller, request.By, "by");
        if (forbidden is not null) return forbidden;
        request = request with { By = actor };
        var errors = new InputRules.Errors();
        if (!Guid.TryParse(customerId, out var id)) errors.Add("customerId", "Must be a customer id (GUID).");
        if (!Guid.TryParse(request.From, out var from)) errors.Add("from", "Required: the id (GUID) of the customer merged into this one.");
        errors.RequireId("by", request.By);
        if (errors.Count > 0) return ProblemResults.Invalid(errors);

        var outcome = await grains.GetGrain<ICustomerMergeGrain>(tenant).Merge(id, from, request.By!);
        if (outcome.Error is { } error) return ProblemResults.From(error);
        return Results.Ok(await Profile(grains, tenant, outcome.Survivor!.Value));
    }

    private static ICustomerGrain Customer(IGrainFactory grains, string tenant, Guid id) =>
        grains.GetGrain<ICustomerGrain>(CustomerKeys.Customer(tenant, id));

    /// <summary>The customer now: itself, or the survivor its merges lead to; null when there is no such customer for this tenant.</summary>
    private static async Task<CustomerView?> Current(IGrainFactory grains, string tenant, Guid id)
    {
        for (var hop = 0; hop < MaxHops; hop++)
        {
            var view = await Customer(grains, tenant, id).Get();
            if (!view.Exists) return null;
            if (view.MergedInto is not { } next) return view;
            id = next;
        }
        return null;
    }

    private static async Task<CustomerProfile?> Profile(IGrainFactory grains, string tenant, Guid id)
    {
        if (await Current(grains, tenant, id) is not { } customer) return null;
        var reads = CustomerProfileBuilder.ConversationsToRead(customer)
            .Select(c => grains.GetGrain<IConversationGrain>(c).Get(tenant));
        var conversations = (await Task.WhenAll(reads)).OfType<ConversationView>();
        return CustomerProfileBuilder.Build(customer, conversations, SentimentAnalyzer.Default.Score, customer.Id == id ? null : id);
    }

    private static IResult NotFound(string tenant, Guid id) => ProblemResults.NotFound($"No customer {id} for tenant {tenant}.");
}
