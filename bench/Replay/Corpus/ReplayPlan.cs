namespace Engine.Replay;

/// <summary>What a corpus turns into: the messages to send, in platform time order, and what could not be sent.</summary>
/// <param name="Orphans">Messages whose reply parent is outside the corpus; they are sent and start their own thread.</param>
/// <param name="Unroutable">Messages of threads that name no known brand; they are not sent.</param>
public sealed record ReplayPlan(
    IReadOnlyList<ReplayMessage> Messages,
    int CorpusRows,
    int Threads,
    int Orphans,
    int Unroutable);
