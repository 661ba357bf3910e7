namespace Engine.Conversations;

using Engine.Telemetry;
using Microsoft.Extensions.Logging;

/// <summary>
/// Counts conversations by tenant and status from the store's summary rows every <see cref="Every"/> and hands the
/// counts to this silo's <see cref="LiveGauges"/>. One activation in the cluster; a reminder brings it back on another
/// silo if its silo dies, and deactivation clears what this silo reported.
/// </summary>
public sealed class ConversationCensusGrain(IConversationStore store, LiveGauges gauges, ILogger<ConversationCensusGrain> logger)
    : Grain, IConversationCensusGrain, IRemindable
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    private const string Backstop = "census";
    private IGrainTimer? _timer;

    /// <summary>Counts now and keeps counting; calling it again only counts again.</summary>
    public async Task Start()
    {
        await Count(CancellationToken.None);
        if (_timer is not null) return;
        _timer = this.RegisterGrainTimer(Count, new GrainTimerCreationOptions(Every, Every) { KeepAlive = true });
        if (await this.GetReminder(Backstop) is null)
            await this.RegisterOrUpdateReminder(Backstop, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Start();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        gauges.ClearCensus();
        return Task.CompletedTask;
    }

    private async Task Count(CancellationToken cancellationToken)
    {
        try
        {
            gauges.PublishCensus(await store.CountByStatus(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The last counts stay up; the next tick tries again.
            logger.LogWarning(e, "Conversation census could not read the store");
        }
    }
}
