namespace Engine.Tests.Delivery;

using Engine.Conversations;
using Engine.Delivery;

/// <summary>A silo died after the reply and its <see cref="DeliveryQueued"/> were stored but before the outbox took the entry.</summary>
[Collection(DeliveryClusterCollection.Name)]
public sealed class DeliveryRepairTests(DeliveryClusterFixture fixture)
{
    [Fact]
    public async Task A_queued_reply_the_outbox_never_got_is_handed_over_when_the_conversation_activates()
    {
        var tenant = $"r{Guid.NewGuid():N}"[..12];
        await using var receiver = await DeliveryReceiver.Start();
        await fixture.Client.GetGrain<ITenantDeliveryGrain>(tenant).Set(ChannelKind.X,
            new DeliverySettings(receiver.BaseUrl, null, null, TimeSpan.FromSeconds(60)));
        var id = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        var key = DeliveryKeys.IdempotencyKey(id, "engine-lost");
        ConversationEvent[] log =
        [
            new ConversationStarted(at, tenant, null, null),
            new ThreadOpened(at, 1, ChannelKind.X, Visibility.Public, "t"),
            new MessageAdded(at, 1, "p1", new MessageAuthor(AuthorKind.Customer, "x:1"), "hello?", at, null, []),
            new MessageAdded(at, 1, "engine-lost", new MessageAuthor(AuthorKind.Agent, "agent-1"), "We're here", at, null, []),
            new DeliveryQueued(at, 1, "engine-lost", key),
        ];
        var state = new ConversationState(id);
        foreach (var e in log) state.Apply(e);
        await fixture.Store.Append(id, 0, log, ConversationProjection.Summary(state), [], CancellationToken.None);

        var conversation = fixture.Client.GetGrain<IConversationGrain>(id);
        string? status = null;
        await Eventually.TrueAsync(async () =>
            (status = (await conversation.Get(tenant))!.Threads[0].Messages.Single(m => m.PlatformMessageId == "engine-lost").Delivery?.Status) == "sent",
            TimeSpan.FromSeconds(20), "the lost hand-over was not repaired");

        var request = Assert.Single(receiver.Received);
        Assert.Equal((key, "We're here", "p1"), (request.IdempotencyKey, (string?)request.Body["text"], (string?)request.Body["inReplyTo"]));
    }
}
