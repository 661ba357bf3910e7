namespace Engine.Tests.Replay;

using Engine.Replay;
using Engine.Tests.Hosting;

/// <summary>Arrival order must not matter: a shuffled replay into a fresh engine stores the same threads.</summary>
[Collection(ReplayCollection.Name)]
public sealed class ShuffledReplayTests(OrderedReplayFixture ordered)
{
    [Fact]
    public void A_shuffle_is_a_seeded_permutation_that_differs_from_time_order()
    {
        var messages = ordered.Plan.Messages;
        var shuffled = new ReplayRunner(new HttpClient(), new ReplayOptions(Shuffle: true, Seed: 7)).SendOrder(messages);
        var again = new ReplayRunner(new HttpClient(), new ReplayOptions(Shuffle: true, Seed: 7)).SendOrder(messages);
        var other = new ReplayRunner(new HttpClient(), new ReplayOptions(Shuffle: true, Seed: 8)).SendOrder(messages);

        Assert.Equal(again, shuffled);
        Assert.NotEqual(messages, shuffled);
        Assert.NotEqual(other, shuffled);
        Assert.Equal(messages.Select(m => m.Body.PlatformMessageId).Order(), shuffled.Select(m => m.Body.PlatformMessageId).Order());
    }

    [Fact]
    public async Task Shuffled_replay_into_a_fresh_engine_stores_the_same_threads_as_ordered_replay()
    {
        await using var engine = new EngineApiFactory();
        var shuffled = await new ReplayRunner(engine.CreateClient(), new ReplayOptions(Shuffle: true, Seed: 7, Concurrency: 16))
            .Run(ordered.Plan);

        Assert.Empty(shuffled.Sent.Problems);
        Assert.Equal(5000, shuffled.Sent.Accepted);
        Assert.Equal(1312, shuffled.Sent.ConversationsCreated);
        Assert.Equal(ordered.Report.Stored.StoredConversations, shuffled.Stored.StoredConversations);
        Assert.Equal(ordered.Report.Stored.ThreadMessageIds(), shuffled.Stored.ThreadMessageIds());
        // Whose move it is follows the newest message by platform time, not the last to arrive.
        Assert.Equal(StatusByThread(ordered.Report), StatusByThread(shuffled));
        Assert.Equal(ordered.Report.Stored.ConversationsWithCustomer, shuffled.Stored.ConversationsWithCustomer);
        Assert.Equal(ordered.Report.Stored.CustomerMessages, shuffled.Stored.CustomerMessages);
        Assert.Equal(ordered.Report.Stored.AnsweredCustomerMessages, shuffled.Stored.AnsweredCustomerMessages);
        Assert.Equal(ordered.Report.Stored.FirstResponses, shuffled.Stored.FirstResponses);
    }

    private static IReadOnlyDictionary<string, string> StatusByThread(ReplayReport report) =>
        report.Stored.Conversations.ToDictionary(c => $"{c.Tenant}/{c.Threads.Single().ThreadKey}", c => c.Status);
}
