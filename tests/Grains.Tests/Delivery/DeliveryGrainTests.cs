namespace Engine.Tests.Delivery;

using Engine.Conversations;
using Engine.Delivery;

/// <summary>Replies leave through the outbox to a local receiver that fails on purpose.</summary>
[Collection(DeliveryClusterCollection.Name)]
public sealed class DeliveryGrainTests(DeliveryClusterFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly string _tenant = $"d{Guid.NewGuid():N}"[..12];
    private DeliveryReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await DeliveryReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    /// <summary>A generous timeout by default: a try whose answer came too late is posted again with the same key, which
    /// an endpoint must drop; these tests count exact requests, so a loaded machine must not cause such a repeat.</summary>
    private Task Connect(ChannelKind channel = ChannelKind.X, TimeSpan? timeout = null) =>
        fixture.Client.GetGrain<ITenantDeliveryGrain>(_tenant).Set(channel, new DeliverySettings(
            _receiver.BaseUrl, "Authorization", DeliveryClusterFixture.SecretName, timeout ?? TimeSpan.FromSeconds(60)));

    /// <summary>A customer's public X post, then an agent's reply to it; answers the conversation and the reply's id.</summary>
    private async Task<(IConversationGrain Conversation, string MessageId)> Reply(string text = "We're on it", string? customerPost = null)
    {
        var post = customerPost ?? $"p{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        var start = await fixture.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(
            _tenant, ChannelKind.X, Visibility.Public, post, new MessageAuthor(AuthorKind.Customer, "x:100"), "my order?", now, now));
        var conversation = fixture.Client.GetGrain<IConversationGrain>(start.ConversationId);
        var reply = await conversation.Reply(_tenant, new AgentReply(start.ThreadId, "agent-1", text));
        Assert.True(reply.Succeeded, reply.Error?.Message);
        return (conversation, reply.CreatedId!);
    }

    private async Task<DeliveryView?> Delivery(IConversationGrain conversation, string messageId) =>
        (await conversation.Get(_tenant))!.Threads.SelectMany(t => t.Messages).Single(m => m.PlatformMessageId == messageId).Delivery;

    private async Task<DeliveryView> Settled(IConversationGrain conversation, string messageId)
    {
        DeliveryView? view = null;
        await Eventually.TrueAsync(async () => (view = await Delivery(conversation, messageId)) is { Status: not "queued" }, Patience,
            $"delivery of {messageId} did not settle (last: {view?.Status})");
        return view!;
    }

    [Fact]
    public async Task A_reply_is_posted_once_with_its_idempotency_key_and_secret_and_the_view_shows_it_sent()
    {
        await Connect();
        _receiver.Answer = _ => ReceiverAnswer.Ok("x-1790");
        var (conversation, messageId) = await Reply("We're on it");

        var delivery = await Settled(conversation, messageId);

        Assert.Equal(("sent", 1, "x-1790"), (delivery.Status, delivery.Attempts, delivery.RemoteMessageId));
        var request = Assert.Single(_receiver.Received);
        Assert.Equal(DeliveryKeys.IdempotencyKey(conversation.GetPrimaryKey(), messageId), request.IdempotencyKey);
        Assert.Equal(DeliveryClusterFixture.SecretValue, request.Authorization);
        Assert.Equal("We're on it", (string?)request.Body["text"]);
        Assert.Equal(_tenant, (string?)request.Body["tenant"]);
    }

    [Fact]
    public async Task A_customer_answering_the_sent_reply_by_its_platform_id_joins_the_replys_thread()
    {
        await Connect();
        _receiver.Answer = _ => ReceiverAnswer.Ok("x-4711");
        var (conversation, messageId) = await Reply();
        Assert.Equal("sent", (await Settled(conversation, messageId)).Status);

        // X names the brand's tweet by the platform's id (the message index holds it since DeliverySent), not the engine's.
        var now = DateTimeOffset.UtcNow;
        var answer = await fixture.Client.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(_tenant, ChannelKind.X, Visibility.Public,
            $"a{Guid.NewGuid():N}", new MessageAuthor(AuthorKind.Customer, "x:100"), "thanks, still waiting", now, now, InReplyTo: "x-4711"));

        Assert.Equal(conversation.GetPrimaryKey(), answer.ConversationId);
        Assert.False(answer.ConversationCreated);
        Assert.Single((await conversation.Get(_tenant))!.Threads);
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_the_message_is_accepted_exactly_once()
    {
        await Connect();
        // The pipeline tries twice per attempt: attempt 1 gets 503, 503; attempt 2 gets 503, then 200.
        _receiver.Answer = n => n <= 3 ? new ReceiverAnswer(503, "{\"error\":\"busy\"}") : ReceiverAnswer.Ok();
        var (conversation, messageId) = await Reply();

        var delivery = await Settled(conversation, messageId);

        Assert.Equal(("sent", 2), (delivery.Status, delivery.Attempts));
        Assert.Equal(4, _receiver.Received.Count);
        Assert.Single(_receiver.Received.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(_receiver.Accepted);
    }

    [Fact]
    public async Task A_slow_endpoint_times_out_and_is_tried_again()
    {
        await Connect(timeout: TimeSpan.FromMilliseconds(300));
        _receiver.Answer = n => n <= 2 ? new ReceiverAnswer(200, Delay: TimeSpan.FromSeconds(3)) : ReceiverAnswer.Ok();
        var (conversation, messageId) = await Reply();

        var delivery = await Settled(conversation, messageId);

        Assert.Equal(("sent", 2), (delivery.Status, delivery.Attempts));
        Assert.Single(_receiver.Accepted);
    }

    [Fact]
    public async Task A_permanent_refusal_fails_at_once_with_the_endpoints_reason()
    {
        await Connect();
        _receiver.Answer = _ => new ReceiverAnswer(400, "{\"error\":\"thread is locked\"}");
        var (conversation, messageId) = await Reply();

        var delivery = await Settled(conversation, messageId);

        Assert.Equal(("failed", 1), (delivery.Status, delivery.Attempts));
        Assert.Contains("HTTP 400", delivery.Reason);
        Assert.Contains("thread is locked", delivery.Reason);
        Assert.Single(_receiver.Received); // a 4xx is not retried
    }

    [Fact]
    public async Task Without_a_connector_for_the_channel_a_reply_is_only_recorded()
    {
        await Connect(ChannelKind.Facebook);
        var (conversation, messageId) = await Reply();

        Assert.Null(await Delivery(conversation, messageId));
        Assert.Equal(0, await fixture.Client.GetGrain<IOutboxGrain>(DeliveryKeys.Outbox(_tenant, ChannelKind.X, conversation.GetPrimaryKey())).Depth());
    }

    [Fact]
    public async Task Many_replies_under_random_failures_are_each_accepted_exactly_once()
    {
        await Connect();
        var random = new Random(7);
        _receiver.Answer = _ => { lock (random) return random.Next(3) == 0 ? new ReceiverAnswer(503) : ReceiverAnswer.Ok(); };
        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Reply($"reply {i}")));

        foreach (var (conversation, messageId) in replies)
            Assert.Equal("sent", (await Settled(conversation, messageId)).Status);

        var accepted = _receiver.Accepted.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(replies.Length, accepted.Count);
        Assert.Equal(replies.Length, accepted.Distinct().Count());
    }

    [Fact]
    public async Task An_outbox_refuses_an_entry_of_another_tenant()
    {
        var conversation = Guid.NewGuid();
        var entry = new OutboxEntry(DeliveryKeys.IdempotencyKey(conversation, "engine-1"), "intruder", conversation, ChannelKind.X,
            Visibility.Public, "t", "engine-1", null, "agent-1", "hi", [], DateTimeOffset.UtcNow);
        var outbox = fixture.Client.GetGrain<IOutboxGrain>(DeliveryKeys.Outbox(_tenant, ChannelKind.X, conversation));

        await Assert.ThrowsAsync<ArgumentException>(() => outbox.Enqueue(entry));
        Assert.Equal(0, await outbox.Depth());
    }
}
