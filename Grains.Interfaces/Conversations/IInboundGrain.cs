namespace Engine.Conversations;

/// <summary>The entry point for every inbound message: finds or starts its conversation and stores it there.</summary>
[Alias("engine.IInboundGrain")]
public interface IInboundGrain : IGrainWithIntegerKey
{
    Task<IngestOutcome> Accept(InboundMessage message);
}
