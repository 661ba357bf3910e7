namespace Engine.Conversations;

using System.Diagnostics;
using Engine.Telemetry;
using Orleans.Concurrency;

/// <summary>
/// Routes each inbound message to its conversation. Stateless, so every silo runs copies locally and the
/// only hops are the thread directory and the conversation itself. Reentrant: it holds no state, and without it each
/// activation (at most one per core) would take one message at a time while it waits on the directory and the
/// conversation, so every caller of a silo queued behind two in-flight messages.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class InboundGrain(Engine.Hosting.GrainReferences references) : Grain, IInboundGrain
{
    public async Task<IngestOutcome> Accept(InboundMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = EngineTelemetry.Source.StartActivity("engine.ingest");
        activity?.SetTag("engine.tenant", message.Tenant);
        activity?.SetTag("engine.channel", TagNames<ChannelKind>.Of(message.Channel));
        activity?.SetTag("engine.platform_message_id", message.PlatformMessageId);

        var outcome = await Route(message);
        activity?.SetTag("engine.conversation.id", outcome.ConversationId.ToString());
        activity?.SetTag("engine.outcome", outcome.Status == IngestStatus.Accepted ? "accepted" : "duplicate");
        EngineTelemetry.RecordIngest(message, outcome.Status == IngestStatus.Accepted ? "accepted" : "duplicate",
            Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    private async Task<IngestOutcome> Route(InboundMessage message)
    {
        var threadKey = message.ThreadKey ?? await DeriveThreadKey(message);
        var routed = message with { ThreadKey = threadKey };
        var directory = references.Get<IThreadDirectoryGrain>(ConversationKeys.Thread(message.Tenant, message.Channel, threadKey));

        var route = await directory.Resolve(routed);
        var result = await references.Get<IConversationGrain>(route.ConversationId).Ingest(routed, route);
        if (result.NeedsNewConversation)
        {
            route = await directory.StartOver(route.ConversationId, routed);
            result = await references.Get<IConversationGrain>(route.ConversationId).Ingest(routed, route);
        }

        // Awaited (and Record is a request, not one-way): a reply to this message finds its thread through this
        // record, so it must be stored before the sender hears "accepted". Lost with a dying silo, or not there yet
        // when the next message of the chain arrived, the reply would start a new thread and split the conversation.
        // A redelivery after a failure here finds the message stored and writes the record again.
        if (message.ThreadKey is null)
            await MessageDirectory(message, message.PlatformMessageId).Record(threadKey);
        return result.Outcome ?? throw new InvalidOperationException("A new conversation refused its first message.");
    }

    /// <summary>
    /// Adapters that only know reply parents (X Account Activity) get the parent's thread; a root message
    /// starts a thread keyed by its own id, which is what its replies will find.
    /// </summary>
    private async Task<string> DeriveThreadKey(InboundMessage message)
    {
        if (message.InReplyTo is null) return message.PlatformMessageId;
        return await MessageDirectory(message, message.InReplyTo).ThreadOf() ?? message.InReplyTo;
    }

    private IMessageDirectoryGrain MessageDirectory(InboundMessage message, string platformMessageId) =>
        // Not kept: almost every message id is asked for once.
        GrainFactory.GetGrain<IMessageDirectoryGrain>(ConversationKeys.Message(message.Tenant, message.Channel, platformMessageId));
}
