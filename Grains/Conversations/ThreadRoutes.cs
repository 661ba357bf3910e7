namespace Engine.Conversations;

using System.Collections.Concurrent;

/// <summary>
/// The routes this silo's inbound grains last got from thread directories, so a message of a known thread goes straight
/// to its conversation instead of through the directory first (one grain call per message, often to another silo).
/// A kept route goes stale only when a directory, maybe on another silo, moves the thread on
/// (<see cref="IThreadDirectoryGrain.StartOver"/>); the conversation it left records that first
/// (<see cref="ThreadMovedOut"/>) and refuses the thread's messages from then on, so a stale route ends in the same
/// StartOver, which answers the thread's current conversation. A route without a customer is not kept: the directory
/// learns a thread's customer from a later message. Bounded per silo: past the bound it starts over.
/// </summary>
public sealed class ThreadRoutes(int bound = ThreadRoutes.Bound)
{
    public const int Bound = 100_000;

    private readonly ConcurrentDictionary<string, ThreadRoute> _routes = new();
    // Counted on adding (ConcurrentDictionary.Count would take every lock on each call).
    private int _count;

    public bool TryGet(string directoryKey, out ThreadRoute route) => _routes.TryGetValue(directoryKey, out route!);

    /// <summary>Keeps the route for the thread's next messages. A route the directory has just minted is kept as not
    /// minted: a later activation of its conversation must read what the first message stored (<see cref="NewConversationMark"/>).</summary>
    public void Keep(string directoryKey, ThreadRoute route)
    {
        if (route.CustomerId is null) return;
        if (route.Minted) route = route with { Minted = false };
        if (_routes.TryGetValue(directoryKey, out var kept))
        {
            if (!ReferenceEquals(kept, route)) _routes[directoryKey] = route;
            return;
        }
        if (Interlocked.Increment(ref _count) > bound)
        {
            Clear();
            Interlocked.Increment(ref _count);
        }
        _routes[directoryKey] = route;
    }

    /// <summary>Forgets every kept route (as reaching the bound does); the memory suite measures conversations without them.</summary>
    public void Clear()
    {
        _routes.Clear();
        Interlocked.Exchange(ref _count, 0);
    }
}
