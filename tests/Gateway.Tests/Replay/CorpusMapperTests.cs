namespace Engine.Tests.Replay;

using Engine.Replay;

public sealed class CorpusMapperTests
{
    private static readonly Lazy<ReplayPlan> CorpusPlan = new(() => CorpusMapper.Map(TwcsReader.ReadFile(RepositoryPaths.TwcsCorpus)));

    private const string Header = "\"tweet_id\",\"author_id\",\"inbound\",\"created_at\",\"text\",\"response_tweet_id\",\"in_response_to_tweet_id\"\n";

    private static string Row(string id, string author, bool inbound, string time, string text, string parent = "") =>
        $"\"{id}\",\"{author}\",\"{(inbound ? "True" : "False")}\",\"Tue Oct 31 {time} +0000 2017\",\"{text}\",\"\",\"{parent}\"\n";

    private static ReplayPlan MapCsv(params string[] rows) => CorpusMapper.Map(TwcsReader.Read(new StringReader(Header + string.Concat(rows))));

    [Fact]
    public void The_corpus_has_1312_threads_6_orphans_and_nothing_unroutable()
    {
        var plan = CorpusPlan.Value;
        Assert.Equal(5000, plan.Messages.Count);
        Assert.Equal(1312, plan.Threads);
        Assert.Equal(6, plan.Orphans);
        Assert.Equal(0, plan.Unroutable);
        Assert.Equal(76, plan.Messages.Select(m => m.Tenant).Distinct().Count());
    }

    [Fact]
    public void A_thread_is_keyed_by_its_root_and_belongs_to_the_brand_that_answered_first()
    {
        var thread = CorpusPlan.Value.Messages.Where(m => m.Body.ThreadKey == "8").ToList();
        Assert.Equal(["8", "6", "5", "4", "3", "1", "2"], thread.Select(m => m.Body.PlatformMessageId));
        Assert.All(thread, m => Assert.Equal("sprintcare", m.Tenant));

        var brandReply = thread.Single(m => m.Body.PlatformMessageId == "6").Body;
        Assert.Equal(new InboundAuthor("agent", "x:sprintcare", null), brandReply.Author);
        Assert.Equal("x:115712", brandReply.CustomerIdentity);
        Assert.Equal("8", brandReply.InReplyTo);

        var customer = thread.Single(m => m.Body.PlatformMessageId == "8").Body;
        Assert.Equal(new InboundAuthor("customer", "x:115712", null), customer.Author);
        Assert.Null(customer.CustomerIdentity);
        Assert.Null(customer.InReplyTo);
    }

    [Fact]
    public void Several_brands_in_one_thread_all_go_to_the_first_one()
    {
        var thread = CorpusPlan.Value.Messages.Where(m => m.Body.ThreadKey == "7442").ToList();
        Assert.Equal(130, thread.Count);
        Assert.All(thread, m => Assert.Equal("AldiUK", m.Tenant));
        Assert.Contains(thread, m => m.Body.Author.Id == "x:Tesco");
    }

    [Fact]
    public void An_orphan_keeps_its_outside_parent_and_roots_its_own_thread()
    {
        var orphan = CorpusPlan.Value.Messages.Single(m => m.Body.PlatformMessageId == "222");
        Assert.Equal("222", orphan.Body.ThreadKey);
        Assert.Equal("ATVIAssist", orphan.Tenant);
        Assert.NotNull(orphan.Body.InReplyTo);
    }

    [Fact]
    public void Messages_come_in_platform_time_order()
    {
        var times = CorpusPlan.Value.Messages.Select(m => m.Body.Timestamp).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public void A_thread_without_brand_tweets_goes_to_a_brand_mentioned_in_its_root_or_is_unroutable()
    {
        var plan = MapCsv(
            Row("1", "AskPayPal", false, "10:00:00", "@900 hello", "50"),
            Row("10", "900", true, "10:00:00", "hey @ASKPAYPAL my card"),
            Row("11", "901", true, "10:01:00", "me too", "10"),
            Row("20", "902", true, "10:00:00", "@someone else entirely"),
            Row("21", "903", true, "10:02:00", "+1", "20"));

        Assert.Equal(1, plan.Orphans);
        Assert.Equal(2, plan.Unroutable);
        Assert.Equal(2, plan.Threads);
        Assert.Equal(["1", "10", "11"], plan.Messages.Select(m => m.Body.PlatformMessageId).Order());
        Assert.All(plan.Messages, m => Assert.Equal("AskPayPal", m.Tenant));
    }
}
