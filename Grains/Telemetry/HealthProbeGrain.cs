namespace Engine.Telemetry;

using Engine.Conversations;
using Orleans.Concurrency;

[StatelessWorker, Reentrant] // holds no state: calls need not wait for each other
public sealed class HealthProbeGrain(IConversationStore store) : Grain, IHealthProbeGrain
{
    /// <summary>One cheap read of the store (an empty list page); throws if the store does not answer.</summary>
    public Task Probe() => store.List("health-probe", new ConversationQuery(Limit: 1), CancellationToken.None);
}
