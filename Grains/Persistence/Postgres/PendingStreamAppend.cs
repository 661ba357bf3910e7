namespace Engine.Persistence.Postgres;

using Engine.Realtime;

/// <summary>One real-time stream's new events waiting for a group write, serialized on the caller's thread.</summary>
public sealed class PendingStreamAppend(string stream, long[] sequences, byte[][] payloads, long dropAfter, long dropThrough) : PendingWrite
{
    public string Stream => stream;
    public long[] Sequences => sequences;
    public byte[][] Payloads => payloads;
    /// <summary>The stream's rows numbered up to this are dropped with the append (0: none).</summary>
    public long DropThrough => dropThrough;
    /// <summary>Rows up to this were dropped by an earlier write (0: not known): the drop starts after it.</summary>
    public long DropAfter => dropAfter;

    public static PendingStreamAppend Prepare(StoredPayloads payloads, string stream, IReadOnlyList<RealtimeEvent> events, long dropAfter, long dropThrough)
    {
        var sequences = new long[events.Count];
        var bytes = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            sequences[i] = events[i].Sequence;
            bytes[i] = payloads.State(events[i]);
        }
        return new PendingStreamAppend(stream, sequences, bytes, dropAfter, dropThrough);
    }

    public RealtimeSequenceConflictException Conflict() => new(stream, sequences.Length > 0 ? sequences[0] : 0);
}
