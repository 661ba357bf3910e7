namespace Engine.Tests.Feed;

using Engine.Feed;
using Engine.Tests.Hosting;

[Collection(ClusterCollection.Name)]
public sealed class SupervisorFeedTests(ClusterFixture fixture)
{
    private ISupervisorFeedGrain Feed() => fixture.Client.GetGrain<ISupervisorFeedGrain>($"f{Guid.NewGuid():N}"[..12]);

    [Fact]
    public async Task Events_are_numbered_in_order_and_a_reader_gets_exactly_what_came_after_its_last_number()
    {
        var feed = Feed();
        var numbers = new List<long>();
        for (var i = 0; i < 5; i++)
            numbers.Add(await feed.Publish("alert", $"k{i}", null, $"alert {i}"));

        Assert.Equal([1L, 2, 3, 4, 5], numbers);
        var missed = await feed.After(2, 10);
        Assert.Equal([3L, 4, 5], missed.Events.Select(e => e.Sequence));
        Assert.Equal(5, missed.LastSequence);
        Assert.Equal([3L, 4], (await feed.After(2, 2)).Events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Publishing_the_same_key_again_stores_it_once_and_answers_its_first_number()
    {
        var feed = Feed();
        var first = await feed.Publish("sla", "same", null, "breach");
        var again = await feed.Publish("sla", "same", null, "breach");
        Assert.Equal(first, again);
        Assert.Single((await feed.After(0, 10)).Events);
    }

    [Fact]
    public async Task Only_the_latest_events_are_kept_and_a_reader_can_tell_it_fell_behind()
    {
        var feed = Feed();
        for (var i = 0; i < SupervisorFeedGrain.Kept + 5; i++)
            await feed.Publish("alert", $"k{i}", null, "x");
        var page = await feed.After(0, 10);
        Assert.Equal(6, page.OldestKept);
        Assert.Equal(6, page.Events[0].Sequence);
    }
}
