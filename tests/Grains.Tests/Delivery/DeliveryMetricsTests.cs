namespace Engine.Tests.Delivery;

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Engine.Conversations;
using Engine.Delivery;
using Engine.Telemetry;

/// <summary>Outbox depth and outcomes reach the engine's meter, tagged by tenant and channel.</summary>
[Collection(DeliveryClusterCollection.Name)]
public sealed class DeliveryMetricsTests(DeliveryClusterFixture fixture)
{
    private readonly string _tenant = $"m{Guid.NewGuid():N}"[..12];

    [Fact]
    public async Task A_sent_and_a_failed_reply_are_counted_by_outcome_and_the_depth_returns_to_zero()
    {
        var measured = new ConcurrentQueue<(string Instrument, long Value, string? Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name.StartsWith("engine.delivery.", StringComparison.Ordinal))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tenant = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "engine.tenant") tenant = tag.Value as string;
                if (tag.Key == "engine.outcome") outcome = tag.Value as string;
            }
            if (tenant == _tenant) measured.Enqueue((instrument.Name, value, outcome));
        });
        listener.Start();

        await using var receiver = await DeliveryReceiver.Start();
        receiver.Answer = n => n == 1 ? ReceiverAnswer.Ok() : new ReceiverAnswer(404);
        await fixture.Client.GetGrain<ITenantDeliveryGrain>(_tenant).Set(ChannelKind.X,
            new DeliverySettings(receiver.BaseUrl, null, null, TimeSpan.FromSeconds(60)));
        var now = DateTimeOffset.UtcNow;
        var start = await fixture.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(
            _tenant, ChannelKind.X, Visibility.Public, "p1", new MessageAuthor(AuthorKind.Customer, "x:1"), "hello?", now, now));
        var conversation = fixture.Client.GetGrain<IConversationGrain>(start.ConversationId);
        await conversation.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "first"));
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Received.Count == 1), TimeSpan.FromSeconds(20), "first reply not posted");
        await conversation.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", "second"));

        long Sum(string instrument, string? outcome = null) =>
            measured.Where(m => m.Instrument == instrument && (outcome is null || m.Outcome == outcome)).Sum(m => m.Value);
        await Eventually.TrueAsync(() => Task.FromResult(Sum("engine.delivery.outcomes", "failed") == 1 && Sum("engine.delivery.outbox.depth") == 0),
            TimeSpan.FromSeconds(20), "outcomes or depth were not counted");

        Assert.Equal(2, Sum("engine.delivery.outcomes", "queued"));
        Assert.Equal(1, Sum("engine.delivery.outcomes", "sent"));
        Assert.Equal(1, Sum("engine.delivery.attempts", "delivered"));
        Assert.Equal(1, Sum("engine.delivery.attempts", "permanent"));
        Assert.Equal(2, measured.Where(m => m.Instrument == "engine.delivery.outbox.depth" && m.Value > 0).Sum(m => m.Value));
    }
}
