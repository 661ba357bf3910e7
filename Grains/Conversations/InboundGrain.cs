namespace Engine.Conversations;

using System.Diagnostics;
using Engine.Telemetry;
using Orleans.Concurrency;

/// <summary>
/// Routes each inbound message to its conversation. Stateless, so every silo runs copies locally and the
/// only hops are the thread directory (for a thread this silo has no route for, see <see cref="ThreadRoutes"/>) and the
/// conversation itself. Reentrant: it holds no state, and without it each
/// activation (at most one per core) would take one message at a time while it waits on the directory and the
/// conversation, so every caller of a silo queued behind two in-flight messages.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class InboundGrain(Engine.Hosting.GrainReferences references, MessageThreads threads, ThreadRoutes routes)
    : Grain, IInboundGrain
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
        var directoryKey = ConversationKeys.Thread(message.Tenant, message.Channel, threadKey);
        // The directory's reference only when it is called: a kept route skips it, and the reference cache stays smaller.
        IThreadDirectoryGrain Directory() => references.Get<IThreadDirectoryGrain>(directoryKey);

        if (!routes.TryGet(directoryKey, out var route))
            route = await Directory().Resolve(routed);
        var result = await Ingest(routed, route);
        if (result.NeedsNewConversation)
        {
            route = await Directory().StartOver(route.ConversationId, routed);
            result = await Ingest(routed, route);
        }
        if (result.Outcome is not null) routes.Keep(directoryKey, route);

        // Nothing to record here: the conversation's append stored this message's index row (message id → thread) in the
        // same transaction as the message, so once the sender hears "accepted" a reply finds its thread. Stronger than the
        // separate record the message directory grain wrote after the append: that could be missing for a stored message.
        return result.Outcome ?? throw new InvalidOperationException("A new conversation refused its first message.");
    }

    /// <summary>A conversation the directory has just minted is told so, and skips reading the store on activation
    /// (<see cref="NewConversationMark"/>).</summary>
    private Task<ConversationIngestResult> Ingest(InboundMessage message, ThreadRoute route) =>
        NewConversationMark.Around(route, () => references.Get<IConversationGrain>(route.ConversationId).Ingest(message, route));

    /// <summary>
    /// Adapters that only know reply parents (X Account Activity) get the parent's thread; a root message
    /// starts a thread keyed by its own id, which is what its replies will find.
    /// </summary>
    private async Task<string> DeriveThreadKey(InboundMessage message)
    {
        if (message.InReplyTo is null) return message.PlatformMessageId;
        return (await threads.Find(message.Tenant, message.Channel, message.InReplyTo, CancellationToken.None))?.ThreadKey
            ?? message.InReplyTo;
    }
}
