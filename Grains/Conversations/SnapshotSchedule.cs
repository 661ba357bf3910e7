namespace Engine.Conversations;

/// <summary>
/// When a conversation writes its next snapshot: after <c>every</c> events plus an offset of up to half that, fixed per
/// conversation. Conversations that grow in step (a bulk import, a replay, a load test sending to each in turn) would
/// otherwise all pass the same count together and write their snapshots in one burst, each a log read, a fold and a
/// write: 1,000 of them at once stalled the whole ingest path for about a second in the HTTP benchmark.
/// </summary>
public static class SnapshotSchedule
{
    /// <summary>Events between two snapshots of this conversation: from <paramref name="every"/> to 1.5 × it.</summary>
    public static int Interval(Guid conversationId, int every) =>
        every <= 0 ? 0 : every + (int)((uint)conversationId.GetHashCode() % (uint)(every / 2 + 1));

    public static bool IsDue(Guid conversationId, long version, long snapshotVersion, int every) =>
        every > 0 && version - snapshotVersion >= Interval(conversationId, every);
}
