namespace Engine.Benchmarking;

using System.Collections.Concurrent;
using Engine.Conversations;
using Engine.Realtime;
using Microsoft.Extensions.Logging;

/// <summary>
/// The durable floor of ingest for the HTTP benchmark (<c>POST /bench/tenants/{tenant}/stored</c>): the writes an
/// ingested message makes to an existing conversation (the append of its <see cref="MessageAdded"/> with the list row
/// and the message index row, answered when stored; then the conversation stream's row, not waited for, as the
/// conversation's one-way publication is not) made straight to the stores (the embedded silo's, or the PostgreSQL
/// stores a client-mode Gateway opens for this), with no grain, decision, scoring or routing in between. One writer per
/// thread at a time holds the version, as the conversation grain does. So ingest against this floor prices the engine's
/// grains, and this floor against the bare endpoint prices the store. <see cref="StoreFloorGrain"/> runs the same writes
/// in a silo behind one grain call from the Gateway: the floor of any design that puts a silo between the two.
/// Rows go under <c>{tenant}:store-floor</c>, a name no tenant can have, so no tenant's lists ever show them.
/// </summary>
public sealed class StoreFloor(IConversationStore conversations, IRealtimeStreamStore streams, ILogger<StoreFloor> logger)
{
    public const string TenantSuffix = ":store-floor";

    private readonly ConcurrentDictionary<string, Line> _lines = new(StringComparer.Ordinal);

    private sealed class Line(Guid id)
    {
        public readonly SemaphoreSlim Turn = new(1, 1);
        public readonly Guid Id = id;
        public long Version;
        public DateTimeOffset CreatedAt;
    }

    /// <summary>Stores the message and answers with its conversation and version once the append is durable.</summary>
    public async Task<(Guid ConversationId, long Version)> Write(InboundMessage message, CancellationToken cancellationToken)
    {
        var tenant = message.Tenant + TenantSuffix;
        var threadKey = message.ThreadKey ?? message.PlatformMessageId;
        var line = _lines.GetOrAdd($"{tenant}/{message.Channel}/{threadKey}", _ => new Line(Guid.NewGuid()));
        await line.Turn.WaitAsync(cancellationToken);
        try
        {
            var at = message.ReceivedAt;
            if (line.Version == 0) line.CreatedAt = at;
            var added = new MessageAdded(at, 1, message.PlatformMessageId, message.Author, message.Text,
                message.PlatformTimestamp, message.InReplyTo, message.Attachments ?? []);
            var summary = new ConversationSummary(line.Id, tenant, null, ConversationStatus.Open, Priority.Normal,
                [message.Channel], (int)line.Version + 1, line.CreatedAt, at, ConversationProjection.Preview(message.Text));
            // Not the request's token: a write given up after the writer took it may still commit, and this line's
            // version would then be behind its log for good (the conversation grain does not cancel its appends either).
            await conversations.Append(line.Id, line.Version, [added], summary,
                [new IndexedMessage(message.Channel, message.PlatformMessageId, threadKey)], CancellationToken.None);
            var version = ++line.Version;
            Publish(tenant, line.Id, version, added, message.Channel);
            return (line.Id, version);
        }
        finally
        {
            line.Turn.Release();
        }
    }

    private void Publish(string tenant, Guid id, long version, MessageAdded m, ChannelKind channel)
    {
        var name = RealtimeStreams.Conversation(id);
        var stream = RealtimeStreams.Key(tenant, name);
        var row = new RealtimeEvent(name, version, ConversationBroadcast.MessageAddedType, m.At, id,
            ConversationBroadcast.MessageData(id, m, channel), $"{id:N}:{version}");
        // As the stream grain writing one event at a time: its last write dropped through one number less.
        var dropThrough = version - RealtimeStreamGrain.Kept;
        _ = streams.Append(stream, [row], Math.Max(0, dropThrough - 1), dropThrough, CancellationToken.None).ContinueWith(
            t => logger.LogWarning(t.Exception, "The store floor's stream row {Stream}/{Version} was not stored", stream, version),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }
}
