namespace Engine.Agents;

using Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The agent's entry in this silo's <see cref="LiveGauges"/>: presence, load and capacity, kept current on every change.</summary>
public sealed partial class AgentGrain
{
    private void PublishGauge()
    {
        if (!S.Registered) return;
        ServiceProvider.GetRequiredService<LiveGauges>().Publish(this.GetPrimaryKeyString(),
            new AgentGauge(Tenant, S.Presence, S.Assignments.Count, S.Profile.Capacity.Values.Sum()));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Another silo may hold this agent next; it must not be counted twice.
        ServiceProvider.GetRequiredService<LiveGauges>().RemoveAgent(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
