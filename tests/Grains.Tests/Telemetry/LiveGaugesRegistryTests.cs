namespace Engine.Tests.Telemetry;

using Engine.Agents;
using Engine.Telemetry;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// The registry's rules without a cluster: registries of several silos add up, a partition's longest wait is the
/// oldest entry of any partition measured at read time, and what a deactivated grain or a stopped silo published is gone.
/// </summary>
public sealed class LiveGaugesRegistryTests
{
    private readonly string _tenant = $"lg{Guid.NewGuid():N}"[..12];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Partitions_on_two_silos_add_up_per_queue_and_a_deactivated_one_drops_out()
    {
        using var capture = new MeterCapture(_tenant, "engine.queue.");
        using var siloA = new LiveGauges(_clock);
        using var siloB = new LiveGauges(_clock);
        siloA.Publish($"{_tenant}/general/0", new QueuePartitionGauge(_tenant, "general", 4, 1, _clock.GetUtcNow().AddSeconds(-30)));
        siloB.Publish($"{_tenant}/general/1", new QueuePartitionGauge(_tenant, "general", 2, 0, _clock.GetUtcNow().AddSeconds(-10)));
        siloB.Publish($"{_tenant}/billing/0", new QueuePartitionGauge(_tenant, "billing", 1, 0, null));
        _clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(6, capture.Read("engine.queue.depth", "engine.queue", "general"));
        Assert.Equal(1, capture.Read("engine.queue.offered", "engine.queue", "general"));
        Assert.Equal(35, capture.Read("engine.queue.longest_wait", "engine.queue", "general"));
        Assert.Equal(0, capture.Read("engine.queue.longest_wait", "engine.queue", "billing"));

        siloA.RemovePartition($"{_tenant}/general/0");
        Assert.Equal(2, capture.Read("engine.queue.depth", "engine.queue", "general"));
        Assert.Equal(15, capture.Read("engine.queue.longest_wait", "engine.queue", "general"));
    }

    [Fact]
    public void An_agent_moved_to_another_silo_is_counted_once_and_a_stopped_silos_numbers_are_gone()
    {
        using var capture = new MeterCapture(_tenant, "engine.");
        using var siloA = new LiveGauges(_clock);
        var siloB = new LiveGauges(_clock);
        siloA.Publish($"{_tenant}/ann", new AgentGauge(_tenant, Presence.Available, 2, 5));
        siloA.RemoveAgent($"{_tenant}/ann"); // deactivated on A ...
        siloB.Publish($"{_tenant}/ann", new AgentGauge(_tenant, Presence.Available, 3, 5)); // ... and active on B
        siloB.PublishCensus([new Engine.Conversations.ConversationStatusCount(_tenant, Engine.Conversations.ConversationStatus.Open, 7)]);

        Assert.Equal(1, capture.Read("engine.agents", "engine.presence", "available"));
        Assert.Equal((3, 5), (capture.Read("engine.agents.load"), capture.Read("engine.agents.capacity")));
        Assert.Equal(7, capture.Read("engine.conversations", "engine.status", "open"));

        siloB.Dispose();
        Assert.Equal(0, capture.Read("engine.agents"));
        Assert.Equal(0, capture.Read("engine.conversations"));
    }
}
