namespace Engine.Tests.Limits;

using System.Net;
using Engine.Conversations;
using Engine.Tests.Conversations;
using Engine.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

/// <summary>When the store is down or slow the Gateway says 503 with Retry-After, stores nothing, and the retry is one message.</summary>
public sealed class BackPressureTests : IClassFixture<BackPressureTests.SlowStoreEngine>
{
    /// <summary>The in-memory store behind a switch: appends can fail (store down) or wait at a gate (store slow).</summary>
    public sealed class SwitchableStore : IConversationStore
    {
        private readonly InMemoryConversationStore _inner = new(Engine.Persistence.StoredPayloads.Standalone);
        public volatile bool Down;
        public TaskCompletionSource? Gate;
        public TaskCompletionSource Waiting { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<ConversationLogRead> Load(Guid conversationId, CancellationToken cancellationToken) => _inner.Load(conversationId, cancellationToken);

        public async Task Append(Guid conversationId, long expectedVersion, IReadOnlyList<ConversationEvent> events, ConversationSummary summary,
            IReadOnlyList<IndexedMessage> messages, CancellationToken cancellationToken)
        {
            if (Down) throw new TimeoutException("The store did not answer in time.");
            if (Gate is { } gate)
            {
                Waiting.TrySetResult();
                await gate.Task;
            }
            await _inner.Append(conversationId, expectedVersion, events, summary, messages, cancellationToken);
        }

        public Task<MessageThread?> FindMessage(string tenant, ChannelKind channel, string platformMessageId, CancellationToken cancellationToken) =>
            _inner.FindMessage(tenant, channel, platformMessageId, cancellationToken);

        public Task SaveSnapshot(Guid conversationId, ConversationSnapshot snapshot, CancellationToken cancellationToken) => _inner.SaveSnapshot(conversationId, snapshot, cancellationToken);

        public Task<ConversationPage> List(string tenant, ConversationQuery query, CancellationToken cancellationToken) => _inner.List(tenant, query, cancellationToken);

        public Task<IReadOnlyList<ConversationStatusCount>> CountByStatus(CancellationToken cancellationToken) => _inner.CountByStatus(cancellationToken);
    }

    public sealed class SlowStoreEngine : EngineApiFactory
    {
        public SwitchableStore Store { get; } = new();

        public SlowStoreEngine() => With("RateLimits:IngestInFlight", "1");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IConversationStore>();
                services.AddSingleton<IConversationStore>(Store);
            });
        }
    }

    private readonly SlowStoreEngine _engine;
    private readonly ApiClient _api;

    public BackPressureTests(SlowStoreEngine engine)
    {
        _engine = engine;
        _api = new ApiClient(engine.CreateClient(), $"bp-{Guid.NewGuid():N}"[..16]);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_gives_503_retry_after_and_the_redelivery_is_stored_once()
    {
        _engine.Store.Down = true;
        var refused = await _api.Post("/inbound", ApiClient.Inbound("down-1"));
        _engine.Store.Down = false;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var retried = await _api.Post("/inbound", ApiClient.Inbound("down-1"));
        var again = await _api.Post("/inbound", ApiClient.Inbound("down-1"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var conversation = await _api.Get($"/conversations/{(await ApiClient.Json(retried))["conversationId"]}");
        Assert.Single(conversation["threads"]![0]!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Past_the_in_flight_limit_a_delivery_gets_503_while_the_one_in_flight_completes()
    {
        await _api.Send(ApiClient.Inbound("warm-up")); // activations and directories exist before the gate closes
        _engine.Store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _api.Post("/inbound", ApiClient.Inbound("slow-1", author: "x:201"));
        await _engine.Store.Waiting.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the first holds the only permit, at the store

        var second = await _api.Post("/inbound", ApiClient.Inbound("slow-2", author: "x:202"));
        var gate = _engine.Store.Gate;
        _engine.Store.Gate = null;
        gate.SetResult();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _api.Post("/inbound", ApiClient.Inbound("slow-2", author: "x:202"))).StatusCode);
    }
}
