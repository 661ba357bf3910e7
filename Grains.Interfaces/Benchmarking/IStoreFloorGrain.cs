namespace Engine.Benchmarking;

using Engine.Conversations;

/// <summary>
/// The HTTP benchmark's store floor run inside a silo (<c>POST /bench/tenants/{tenant}/stored-in-silo</c>): one grain call
/// from the Gateway, then only the durable writes an ingested message makes. Bench-only: the Gateway maps the endpoint
/// that calls it only with <c>Bench:BareEndpoint</c>, and its rows go under a tenant name no tenant can have.
/// </summary>
[Alias("engine.IStoreFloorGrain")]
public interface IStoreFloorGrain : IGrainWithIntegerKey
{
    Task<StoreFloorReceipt> Write(InboundMessage message);
}

/// <summary>Where the floor stored a message: its conversation (under the floor's own tenant name) and version.</summary>
[GenerateSerializer, Immutable, Alias("engine.StoreFloorReceipt")]
public sealed record StoreFloorReceipt([property: Id(0)] Guid ConversationId, [property: Id(1)] long Version);
