namespace Engine.Hosting;

using Engine.Conversations;
using Orleans.Configuration;

/// <summary>
/// How long the grains a conversation keeps beside itself stay active after their last call. They need not live as long
/// as the conversation: each costs an activation (about 2 KB) plus its state, and on a busy silo those of every
/// conversation with a message in the last minutes add up (docs/BENCHMARKS.md, "Memory per active conversation").
/// </summary>
public static class HelperCollection
{
    /// <summary>Called on a thread's first message (a silo keeps the route after that) and when a conversation starts,
    /// joins or changes status; each reloads only its own small state.</summary>
    public static readonly Type[] Helpers =
    [
        typeof(ThreadDirectoryGrain), typeof(MessageDirectoryGrain), typeof(Engine.Customers.CustomerIdentityGrain),
        typeof(Engine.Customers.CustomerGrain),
    ];

    /// <summary>Called on every message of its conversation, and a new activation reads up to
    /// <see cref="Engine.Realtime.RealtimeStreamGrain.Kept"/> events back: it stays as long as a conversation's messages
    /// usually are apart.</summary>
    public static readonly Type Stream = typeof(Engine.Realtime.RealtimeStreamGrain);

    /// <summary>Sets the ages, and makes Orleans' collection pass (once a minute by default) at most half the shortest
    /// age apart, so an idle helper goes within one and a half times its age rather than after a minute more.</summary>
    public static void Apply(GrainCollectionOptions collection, EngineOptions engine)
    {
        foreach (var helper in Helpers)
            collection.ClassSpecificCollectionAge[helper.FullName!] = engine.HelperCollectionAge;
        collection.ClassSpecificCollectionAge[Stream.FullName!] = engine.StreamCollectionAge;
        var shortest = engine.HelperCollectionAge < engine.StreamCollectionAge ? engine.HelperCollectionAge : engine.StreamCollectionAge;
        if (shortest / 2 < collection.CollectionQuantum)
            collection.CollectionQuantum = shortest / 2;
    }
}
