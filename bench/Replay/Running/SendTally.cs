namespace Engine.Replay;

using System.Collections.Concurrent;

/// <summary>What the engine answered to the messages sent, counted safely from parallel senders.</summary>
public sealed class SendTally
{
    public const int KeptProblemBodies = 5;

    private readonly ConcurrentQueue<string> _problems = new();
    private int _accepted, _duplicates, _created, _rejected, _failed, _kept;

    public int Accepted => _accepted;
    public int Duplicates => _duplicates;
    public int ConversationsCreated => _created;
    /// <summary>Answered 4xx: the engine refused the input.</summary>
    public int Rejected => _rejected;
    /// <summary>Still 5xx or unreachable after every retry.</summary>
    public int Failed => _failed;
    public int Retries { get; internal set; }
    public TimeSpan Elapsed { get; internal set; }
    /// <summary>The first few problem bodies of rejected or failed messages.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    internal void CountAccepted(bool conversationCreated)
    {
        Interlocked.Increment(ref _accepted);
        if (conversationCreated) Interlocked.Increment(ref _created);
    }

    internal void CountDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void CountRejected(string problem)
    {
        Interlocked.Increment(ref _rejected);
        Keep(problem);
    }

    internal void CountFailed(string problem)
    {
        Interlocked.Increment(ref _failed);
        Keep(problem);
    }

    private void Keep(string problem)
    {
        if (Interlocked.Increment(ref _kept) <= KeptProblemBodies) _problems.Enqueue(problem);
    }
}
