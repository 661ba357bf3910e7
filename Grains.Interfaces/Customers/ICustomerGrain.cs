namespace Engine.Customers;

using Engine.Conversations;
using Orleans.Concurrency;

/// <summary>Maps one platform identity (<c>x:115712</c>) of a tenant to its customer. Key: <c>tenant/identity</c>.</summary>
[Alias("engine.ICustomerIdentityGrain")]
public interface ICustomerIdentityGrain : IGrainWithStringKey
{
    /// <summary>The identity's customer; an identity seen for the first time gets a new customer of its own.</summary>
    Task<Guid> CustomerId();

    /// <summary>The identity's customer, without creating one.</summary>
    [AlwaysInterleave]
    Task<Guid?> Owner();

    /// <summary>Gives an unowned identity to <paramref name="customerId"/>; answers the owner afterwards (someone else's means refused).</summary>
    Task<Guid> Claim(Guid customerId);

    /// <summary>Frees the identity if <paramref name="customerId"/> owns it; its next message starts a new customer.</summary>
    Task<bool> Release(Guid customerId);

    /// <summary>A merge: moves the identity from <paramref name="from"/> to <paramref name="to"/>, only if <paramref name="from"/> owns it.</summary>
    Task Move(Guid from, Guid to);
}

/// <summary>One thing that happened to a customer's record: who did what, and when.</summary>
/// <param name="Action">identity-linked, identity-unlinked, merged-from, merged-into.</param>
[GenerateSerializer, Alias("engine.CustomerAuditEntry")]
public sealed record CustomerAuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string By,
    [property: Id(2)] string Action,
    [property: Id(3)] string Detail);

/// <summary>A customer's record. <see cref="MergedInto"/> set means it was merged: read the survivor instead.</summary>
/// <param name="Conversations">Every conversation ever tracked for this customer (and customers merged into it), with when it was first seen.</param>
[GenerateSerializer, Alias("engine.CustomerView")]
public sealed record CustomerView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Tenant,
    [property: Id(2)] IReadOnlyList<string> Identities,
    [property: Id(3)] IReadOnlyList<Guid> ActiveConversations,
    [property: Id(4)] bool Exists = false,
    [property: Id(5)] Guid? MergedInto = null,
    [property: Id(6)] IReadOnlyList<Guid>? MergedFrom = null,
    [property: Id(7)] IReadOnlyDictionary<Guid, DateTimeOffset>? Conversations = null,
    [property: Id(8)] IReadOnlyList<CustomerAuditEntry>? Audit = null);

/// <summary>What a merged customer hands to its survivor.</summary>
[GenerateSerializer, Alias("engine.CustomerHandOver")]
public sealed record CustomerHandOver(
    [property: Id(0)] IReadOnlyList<string> Identities,
    [property: Id(1)] IReadOnlyDictionary<Guid, DateTimeOffset> Conversations,
    [property: Id(2)] IReadOnlyDictionary<Guid, DateTimeOffset> ActiveConversations,
    [property: Id(3)] IReadOnlyList<Guid> MergedFrom);

/// <summary>A tenant's customer: identities across channels and its conversations. Key: <c>tenant/customerId</c>.
/// Once merged, it forwards what it is told to its survivor.</summary>
[Alias("engine.ICustomerGrain")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Records an identity the identity grain already gave this customer (first sight of the identity).</summary>
    Task AddIdentity(string identity);

    /// <summary>The most recently active open/pending/snoozed conversation, which a new private thread joins.</summary>
    Task<Guid?> ActiveConversation();

    Task Track(Guid conversationId, ConversationStatus status, DateTimeOffset at);

    /// <summary>Read-only, so it may interleave: a merge reads customers that may be forwarding to each other.</summary>
    [AlwaysInterleave]
    Task<CustomerView> Get();

    /// <summary>Links an identity; Conflict when it belongs to another customer (only a merge moves it).</summary>
    Task<CommandError?> Link(string identity, string by, string? signal = null);

    Task<CommandError?> Unlink(string identity, string by);

    /// <summary>Part of a merge (called by <see cref="ICustomerMergeGrain"/> only): this customer now redirects to <paramref name="survivor"/>.</summary>
    Task<CustomerHandOver> HandOver(Guid survivor, string by, string? signal);

    /// <summary>Part of a merge: takes over what a merged customer handed over. Idempotent.</summary>
    Task Absorb(Guid from, CustomerHandOver handOver, string by, string? signal);
}

/// <summary>Runs a tenant's merges one at a time, so two merges can never cross (A into B while B into A) or lose identities. Key: tenant.</summary>
[Alias("engine.ICustomerMergeGrain")]
public interface ICustomerMergeGrain : IGrainWithStringKey
{
    /// <summary>An explicit merge by a person: <paramref name="from"/> joins <paramref name="survivor"/>. Answers the survivor.</summary>
    Task<MergeOutcome> Merge(Guid survivor, Guid from, string by);

    /// <summary>An automatic merge on a verified signal (a quoted case reference), only of a customer that has nothing but
    /// the one new identity: an established customer is never merged automatically.</summary>
    Task<MergeOutcome> MergeVerified(Guid survivor, Guid from, string signal);
}

[GenerateSerializer, Alias("engine.MergeOutcome")]
public sealed record MergeOutcome(
    [property: Id(0)] Guid? Survivor,
    [property: Id(1)] CommandError? Error = null);

public static class CustomerKeys
{
    public static string Identity(string tenant, string identity) => $"{tenant}/{identity}";

    public static string Customer(string tenant, Guid customerId) => $"{tenant}/{customerId:N}";
}
