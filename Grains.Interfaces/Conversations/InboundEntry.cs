namespace Engine.Conversations;

using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

/// <summary>
/// Which <see cref="IInboundGrain"/> a Gateway hands a message to. An Orleans client sends every call to one grain id
/// through the same silo gateway (to keep per-grain order), so a single inbound id put every message of a Gateway
/// process through one silo's gateway and inbound workers: a slow or dying silo held up all of that Gateway's ingest.
/// Spreading over a few ids, chosen from the thread, spreads the entry over the silos. (Placing a conversation and its
/// helpers on its entry silo was tried as well; its saving could not be measured on the 2-core test machine, and it
/// would keep new work off a silo added to relieve load, so grains keep Orleans' resource-optimized placement.)
/// </summary>
public static class InboundEntry
{
    /// <summary>Enough ids to cover a few silos evenly; each is a stateless worker, so an id costs nothing while unused.</summary>
    public const int Entries = 32;

    // The references of each grain factory (one per process, or per host in tests), made once: Orleans 10 resolves a
    // grain interface's type by reflection and type-name parsing on every GetGrain (~1 KB and a few µs per message).
    private static readonly ConditionalWeakTable<IGrainFactory, IInboundGrain[]> References = new();

    public static IInboundGrain For(IGrainFactory grains, InboundMessage message) =>
        References.GetValue(grains, static g => [.. Enumerable.Range(0, Entries).Select(id => g.GetGrain<IInboundGrain>(id))])[Entry(message)];

    /// <summary>The thread key when the platform gives one, else the message this one answers, else the message itself.</summary>
    public static int Entry(InboundMessage message)
    {
        // A fixed hash (string.GetHashCode is seeded per process): every Gateway process, and every test run, maps a
        // thread to the same id.
        var thread = message.ThreadKey ?? message.InReplyTo ?? message.PlatformMessageId;
        var hash = new XxHash32();
        hash.Append(MemoryMarshal.AsBytes(message.Tenant.AsSpan()));
        hash.Append([(byte)message.Channel]);
        hash.Append(MemoryMarshal.AsBytes(thread.AsSpan()));
        return (int)(hash.GetCurrentHashAsUInt32() % Entries);
    }
}
