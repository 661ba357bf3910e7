namespace Engine.Routing;

using Engine.Telemetry;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The partition's share of the queue gauges (depth, offered, oldest wait), published to this silo's
/// <see cref="LiveGauges"/> on a timer rather than per change: the stats cost O(n) in the partition's size.
/// </summary>
public sealed partial class QueueGrain
{
    public static readonly TimeSpan GaugesEvery = TimeSpan.FromSeconds(5);

    private LiveGauges Gauges => ServiceProvider.GetRequiredService<LiveGauges>();

    private void StartGauges()
    {
        PublishGauges();
        this.RegisterGrainTimer(_ =>
        {
            PublishGauges();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(GaugesEvery, GaugesEvery) { Interleave = true });
    }

    private void PublishGauges()
    {
        var stats = _book.Stats();
        DateTimeOffset? oldest = _book.Count == 0 ? null : clock.GetUtcNow() - stats.LongestWait;
        Gauges.Publish(this.GetPrimaryKeyString(), new QueuePartitionGauge(_address.Tenant, _address.QueueId, stats.Waiting, stats.Offered, oldest));
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Another silo may hold this partition next; its numbers must not be reported twice.
        Gauges.RemovePartition(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }
}
