namespace Engine.Tests.Replay;

using Engine.Replay;

/// <summary>The whole corpus replayed through the REST API into an in-memory engine, in platform time order.</summary>
[Collection(ReplayCollection.Name)]
public sealed class CorpusReplayTests(OrderedReplayFixture replay)
{
    private ReplayReport Report => replay.Report;

    private ConversationAnswer ConversationOfThread(string threadKey) =>
        Report.Stored.Conversations.Single(c => c.Threads.Any(t => t.ThreadKey == threadKey));

    [Fact]
    public void Every_message_is_accepted_once_and_every_thread_becomes_a_conversation()
    {
        Assert.Empty(Report.Sent.Problems);
        Assert.Equal(5000, Report.Sent.Accepted);
        Assert.Equal(0, Report.Sent.Duplicates);
        Assert.Equal(0, Report.Sent.Rejected);
        Assert.Equal(0, Report.Sent.Failed);
        Assert.Equal(1312, Report.Sent.ConversationsCreated);
        Assert.Equal(1312, Report.Stored.StoredConversations);
        Assert.Equal(5000, Report.Stored.StoredMessages);
        Assert.Equal(76, Report.Tenants);
        Assert.All(Report.Stored.Conversations, c => Assert.Single(c.Threads));
        // Every thread but one (1621: a brand tweet whose parent lies outside the corpus) has a customer tweet.
        Assert.Equal(1311, Report.Stored.ConversationsWithCustomer);
    }

    [Fact]
    public void Tenants_hold_the_threads_their_brand_answered_first()
    {
        var byTenant = Report.Stored.Conversations.CountBy(c => c.Tenant).ToDictionary();
        Assert.Equal(19, byTenant["sprintcare"]);
        Assert.Equal(85, byTenant["AppleSupport"]);
        Assert.Equal(103, byTenant["AmazonHelp"]);
    }

    [Fact]
    public void The_thread_of_tweets_1_to_8_is_one_conversation_in_reply_order()
    {
        var conversation = ConversationOfThread("8");
        Assert.Equal("sprintcare", conversation.Tenant);
        var thread = Assert.Single(conversation.Threads);
        Assert.Equal(("x", "public"), (thread.Channel, thread.Visibility));
        Assert.Equal(["8", "6", "5", "4", "3", "1", "2"], thread.Messages.Select(m => m.PlatformMessageId));
        Assert.Equal(["customer", "agent", "customer", "agent", "customer", "agent", "customer"], thread.Messages.Select(m => m.Author.Kind));
        Assert.Equal("x:115712", thread.Messages[0].Author.Identity);

        // 21:45:10 complaint, 21:46:24 first answer; the last customer tweet (22:11:45) is still unanswered.
        Assert.Equal(TimeSpan.FromSeconds(74), conversation.Clock.FirstResponse);
        Assert.Equal(4, conversation.Clock.CustomerMessages);
        Assert.Equal(3, conversation.Clock.AnsweredCustomerMessages);
        Assert.Equal("open", conversation.Status);
    }

    [Fact]
    public void The_longest_thread_keeps_all_130_tweets_of_four_brands_under_the_first()
    {
        var conversation = ConversationOfThread("7442");
        Assert.Equal("AldiUK", conversation.Tenant);
        var messages = Assert.Single(conversation.Threads).Messages;
        Assert.Equal(130, messages.Count);
        Assert.Equal(["7442", "7440", "7437", "7436", "7434"], messages.Take(5).Select(m => m.PlatformMessageId));
        Assert.Equal(["x:AldiUK", "x:Tesco", "x:marksandspencer", "x:sainsburys"],
            messages.Where(m => m.Author.Kind == "agent").Select(m => m.Author.Identity).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(messages.Select(m => m.PlatformTimestamp).Order(), messages.Select(m => m.PlatformTimestamp));
    }

    [Fact]
    public void An_orphan_roots_its_own_conversation_with_its_replies()
    {
        var thread = Assert.Single(ConversationOfThread("222").Threads);
        Assert.Equal(["222", "221"], thread.Messages.Select(m => m.PlatformMessageId));
        Assert.Equal("ATVIAssist", ConversationOfThread("222").Tenant);
    }

    [Fact]
    public void Response_figures_match_the_corpus()
    {
        // Worked out from the CSV: brand-wait clock per thread, nearest-rank percentiles.
        Assert.Equal(2778, Report.Stored.CustomerMessages);
        Assert.Equal(2496, Report.Stored.AnsweredCustomerMessages);
        Assert.Equal(1311, Report.Stored.ConversationsWithFirstResponse);
        Assert.Equal(new TimeSpan(0, 13, 33), Report.Stored.FirstResponseMedian);
        Assert.Equal(new TimeSpan(9, 8, 26), Report.Stored.FirstResponseP90);
    }

    [Fact]
    public async Task Replaying_the_corpus_again_changes_nothing_and_reports_only_duplicates()
    {
        var again = await new ReplayRunner(replay.Engine.CreateClient(), new ReplayOptions(Concurrency: 16)).Run(replay.Plan);

        Assert.Equal(0, again.Sent.Accepted);
        Assert.Equal(5000, again.Sent.Duplicates);
        Assert.Equal(0, again.Sent.ConversationsCreated);
        Assert.Equal(0, again.Sent.Rejected + again.Sent.Failed);
        Assert.Equal(Report.Stored.StoredConversations, again.Stored.StoredConversations);
        Assert.Equal(Report.Stored.StoredMessages, again.Stored.StoredMessages);
        Assert.Equal(Report.Stored.ThreadMessageIds(), again.Stored.ThreadMessageIds());
        Assert.Equal(Report.Stored.Conversations.Select(c => c.Id).Order(), again.Stored.Conversations.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Reading_back_in_small_pages_finds_the_same_conversations()
    {
        // No tenant of the corpus has more than 200 conversations, so only small pages exercise the cursor.
        var paged = await new ReplayRunner(replay.Engine.CreateClient(), new ReplayOptions(PageSize: 7)).ReadBack(["AmazonHelp", "AppleSupport"]);

        var expected = Report.Stored.Conversations.Where(c => c.Tenant is "AmazonHelp" or "AppleSupport").Select(c => c.Id).Order();
        Assert.Equal(expected, paged.Conversations.Select(c => c.Id).Order());
        Assert.Equal(188, paged.StoredConversations);
    }
}
