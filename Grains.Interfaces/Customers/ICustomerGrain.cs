namespace Engine.Customers;

using Engine.Conversations;

/// <summary>Maps one platform identity (<c>x:115712</c>) of a tenant to its customer. Key: <c>tenant/identity</c>.</summary>
[Alias("engine.ICustomerIdentityGrain")]
public interface ICustomerIdentityGrain : IGrainWithStringKey
{
    Task<Guid> CustomerId();
}

[GenerateSerializer, Alias("engine.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] IReadOnlyList<string> Identities,
    [property: Id(3)] IReadOnlyList<Guid> ActiveConversations);

/// <summary>A tenant's customer: identities across channels and the conversations still active. Key: <c>tenant/customerId</c>.</summary>
[Alias("engine.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    Task AddIdentity(string identity);

    /// <summary>The most recently active open/pending/snoozed conversation, which a new private thread joins.</summary>
    Task<Guid?> ActiveConversation();

    Task Track(Guid conversationId, ConversationStatus status, DateTimeOffset at);

    Task<CustomerView> Get();
}

public static class CustomerKeys
{
    public static string Identity(string tenant, string identity) => $"{tenant}/{identity}";

    public static string Customer(string tenant, Guid customerId) => $"{tenant}/{customerId:N}";
}
