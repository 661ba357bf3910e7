namespace Engine.Tests.Persistence;

using System.Data.Common;
using Engine.Conversations;
using Engine.Persistence;
using Engine.Tests.Hosting;

/// <summary>
/// A store failure, or a write the store refused because another writer was first, reaches the caller as
/// <see cref="StoreUnavailableException"/> (which the Gateway answers 503 with Retry-After), never as a codec failure, and
/// leaves nothing stored: the same message sent again is stored once.
/// </summary>
[Collection(RecordingStoreCollection.Name)]
public sealed class StoreFailureFilterTests(RecordingStoreClusterFixture fixture)
{
    private const string Tenant = "store-failure";

    private sealed class DriverException(string message) : DbException(message);

    public static TheoryData<string> Failures => ["driver", "version conflict"];

    private static Exception Failure(string kind, Guid conversation) => kind == "driver"
        ? new DriverException("connection reset by peer")
        : new ConversationVersionConflictException(conversation, 0);

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_refused_append_reaches_the_caller_as_store_unavailable_and_the_retry_stores_the_message_once(string kind)
    {
        var inbound = fixture.Cluster.Client.GetGrain<IInboundGrain>(0);
        var now = fixture.Clock.GetUtcNow();
        var message = new InboundMessage(Tenant, ChannelKind.X, Visibility.Public, $"f-{kind}", new MessageAuthor(AuthorKind.Customer, $"x:{kind}"),
            "is anyone there?", now, now, $"thread-{kind}");

        fixture.Conversations.FailNextAppend(Failure(kind, Guid.Empty));
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => inbound.Accept(message));
        var retried = await inbound.Accept(message);

        Assert.Contains(kind == "driver" ? nameof(DriverException) : nameof(ConversationVersionConflictException), refused.Message);
        Assert.Equal(IngestStatus.Accepted, retried.Status);
        var stored = await fixture.Conversations.Load(retried.ConversationId, default);
        Assert.Equal([message.PlatformMessageId], stored.Events.OfType<MessageAdded>().Select(m => m.PlatformMessageId));
    }
}
