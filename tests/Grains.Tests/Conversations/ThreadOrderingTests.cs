namespace Engine.Tests.Conversations;

using Engine.Conversations;

public sealed class ThreadOrderingTests
{
    private sealed record Msg(string Id, string? Parent, int Minute);

    private static readonly DateTimeOffset T0 = new(2017, 10, 31, 22, 0, 0, TimeSpan.Zero);

    private static List<string> Order(params Msg[] messages) =>
        ThreadOrdering.Order(messages, m => m.Id, m => m.Parent, m => T0.AddMinutes(m.Minute)).Select(m => m.Id).ToList();

    [Fact]
    public void Messages_without_links_are_ordered_by_platform_time_not_by_arrival()
    {
        Assert.Equal(["a", "b", "c"], Order(new("c", null, 3), new("a", null, 1), new("b", null, 2)));
    }

    [Fact]
    public void A_reply_follows_its_parent_even_when_its_timestamp_is_earlier()
    {
        // Platforms' clocks disagree: the reply claims to be older than the message it answers.
        Assert.Equal(["root", "reply"], Order(new("reply", "root", 1), new("root", null, 5)));
    }

    [Fact]
    public void A_reply_that_arrived_before_its_parent_is_placed_after_it_once_the_parent_is_known()
    {
        var replyOnly = Order(new Msg("2", "1", 2));
        Assert.Equal(["2"], replyOnly);
        Assert.Equal(["1", "2", "3"], Order(new("3", "2", 3), new("2", "1", 2), new("1", null, 1)));
    }

    [Fact]
    public void Branches_interleave_by_time_after_their_common_parent()
    {
        var order = Order(new("root", null, 0), new("b1", "root", 5), new("a1", "root", 2), new("a2", "a1", 7), new("b2", "b1", 6));
        Assert.Equal(["root", "a1", "b1", "b2", "a2"], order);
    }

    [Fact]
    public void Every_arrival_order_of_the_same_messages_gives_the_same_thread()
    {
        Msg[] messages = [new("1", null, 0), new("2", "1", 1), new("3", "2", 1), new("4", "1", 1), new("5", "9", 2), new("6", "5", 0)];
        var expected = Order(messages);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
            Assert.Equal(expected, Order(messages.OrderBy(_ => random.Next()).ToArray()));
    }

    [Fact]
    public void Reply_links_that_form_a_cycle_do_not_lose_messages()
    {
        var order = Order(new("x", "y", 2), new("y", "x", 1), new("z", null, 3));
        Assert.Equal(["z", "y", "x"], order);
    }

    [Fact]
    public void Same_timestamp_ties_break_by_id_so_the_order_is_stable()
    {
        Assert.Equal(["a", "b"], Order(new("b", null, 1), new("a", null, 1)));
    }
}
