namespace Engine.Tests.Conversations;

using Engine.Conversations;

/// <summary>Which inbound grain id a Gateway uses: the same for every message of a thread, spread over all ids across threads.</summary>
public sealed class InboundEntryTests
{
    // XxHash32 (seed 0) of UTF-16 "acme", byte 3 (Messenger), UTF-16 "t-42", mod 32; checked with a separate XXH32
    // implementation in Python.
    private const int PinnedEntry = 24;
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static InboundMessage Message(string id, string? threadKey = null, string? inReplyTo = null, string tenant = "acme") =>
        new(tenant, ChannelKind.Messenger, Visibility.Private, id, new MessageAuthor(AuthorKind.Customer, "m:1"), "hi", At, At,
            ThreadKey: threadKey, InReplyTo: inReplyTo);

    [Fact]
    public void Every_message_of_a_keyed_thread_enters_through_the_same_id()
    {
        var first = InboundEntry.Entry(Message("m1", threadKey: "t-42"));
        Assert.All(Enumerable.Range(2, 20), n => Assert.Equal(first, InboundEntry.Entry(Message($"m{n}", threadKey: "t-42"))));
    }

    [Fact]
    public void A_reply_without_a_thread_key_enters_where_a_root_message_with_its_parents_id_did()
    {
        Assert.Equal(InboundEntry.Entry(Message("root-1")), InboundEntry.Entry(Message("reply-1", inReplyTo: "root-1")));
    }

    [Fact]
    public void Threads_spread_over_every_id_and_stay_within_range()
    {
        var entries = Enumerable.Range(0, 2_000).Select(t => InboundEntry.Entry(Message($"m{t}", threadKey: $"t{t}"))).ToList();
        Assert.All(entries, e => Assert.InRange(e, 0, InboundEntry.Entries - 1));
        var counts = entries.GroupBy(e => e).Select(g => g.Count()).ToList();
        Assert.Equal(InboundEntry.Entries, counts.Count);
        // 62.5 per id on average; the hash is fixed, so this spread is the same in every run.
        Assert.All(counts, c => Assert.InRange(c, 30, 100));
    }

    [Fact]
    public void The_entry_of_a_thread_does_not_depend_on_the_process()
    {
        // Pinned values: string.GetHashCode would give other ids in another process (another Gateway, another run).
        Assert.Equal(InboundEntry.Entry(Message("x", threadKey: "t-42")), InboundEntry.Entry(Message("y", threadKey: "t-42")));
        Assert.Equal(PinnedEntry, InboundEntry.Entry(Message("m", threadKey: "t-42")));
    }
}
