namespace Engine.Replay;

/// <param name="Shuffle">Send in a seeded random order instead of platform time order.</param>
/// <param name="Concurrency">How many requests are in flight at once.</param>
/// <param name="MaxAttempts">Tries per request when the engine answers 5xx/429 or the connection fails.</param>
/// <param name="PageSize">Conversations per list page when reading back (the API allows 1-200).</param>
public sealed record ReplayOptions(bool Shuffle = false, int Seed = 42, int Concurrency = 16, int MaxAttempts = 5, int PageSize = 200)
{
    public string OrderDescription => Shuffle ? $"shuffled (seed {Seed})" : "platform time";
}
