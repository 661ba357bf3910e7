namespace Engine.Conversations;

/// <summary>
/// Which <see cref="IInboundGrain"/> a Gateway hands a message to. An Orleans client sends every call to one grain id
/// through the same silo gateway (to keep per-grain order), so a single inbound id put every message of a Gateway
/// process through one silo. Spreading over a few ids, chosen from the thread, spreads the ingest over the silos, and
/// a thread's messages keep entering through the same silo, where its directory and conversation are placed
/// (<c>[PreferLocalPlacement]</c>), so most of their calls stay inside that silo.
/// </summary>
public static class InboundEntry
{
    /// <summary>Enough ids to cover a few silos evenly; each is a stateless worker, so an id costs nothing while unused.</summary>
    public const int Entries = 32;

    public static IInboundGrain For(IGrainFactory grains, InboundMessage message) =>
        grains.GetGrain<IInboundGrain>(Entry(message));

    /// <summary>The thread key when the platform gives one, else the message this one answers, else the message itself.</summary>
    public static int Entry(InboundMessage message)
    {
        var thread = message.ThreadKey ?? message.InReplyTo ?? message.PlatformMessageId;
        var hash = HashCode.Combine(StringComparer.Ordinal.GetHashCode(message.Tenant), message.Channel, StringComparer.Ordinal.GetHashCode(thread));
        return (int)((uint)hash % Entries);
    }
}
