namespace Engine.Benchmarking;

using Engine.Conversations;
using Orleans.Concurrency;

/// <summary>
/// The store floor behind one grain call: stateless and reentrant, so each silo runs it locally and it only waits on
/// the store, as <see cref="InboundGrain"/> does; the writes are <see cref="StoreFloor"/>'s, with this silo's stores.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class StoreFloorGrain(StoreFloor floor) : Grain, IStoreFloorGrain
{
    public async Task<StoreFloorReceipt> Write(InboundMessage message)
    {
        var (conversationId, version) = await floor.Write(message, CancellationToken.None);
        return new StoreFloorReceipt(conversationId, version);
    }
}
