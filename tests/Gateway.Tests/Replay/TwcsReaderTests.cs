namespace Engine.Tests.Replay;

using Engine.Replay;

public sealed class TwcsReaderTests
{
    private static readonly Lazy<IReadOnlyList<TwcsTweet>> Corpus = new(() => TwcsReader.ReadFile(RepositoryPaths.TwcsCorpus));

    private static TwcsTweet Tweet(string id) => Corpus.Value.Single(t => t.TweetId == id);

    [Fact]
    public void Reads_every_row_of_the_corpus()
    {
        Assert.Equal(5000, Corpus.Value.Count);
        Assert.Equal(5000, Corpus.Value.Select(t => t.TweetId).Distinct().Count());
    }

    [Fact]
    public void Keeps_bare_carriage_returns_inside_a_quoted_text()
    {
        Assert.Equal("@AskPayPal \r\rI just love the start of email 😁 https://t.co/8u1Pf5rJoN", Tweet("3399").Text);
        Assert.Equal("116510", Tweet("3399").AuthorId);
    }

    [Fact]
    public void Splits_comma_separated_response_ids()
    {
        Assert.Equal(["9", "6", "10"], Tweet("8").ResponseTweetIds);
        Assert.Equal(["5", "7"], Tweet("6").ResponseTweetIds);
        Assert.Empty(Tweet("2").ResponseTweetIds);
    }

    [Fact]
    public void Reads_author_direction_time_and_reply_parent()
    {
        var tweet = Tweet("1");
        Assert.Equal("sprintcare", tweet.AuthorId);
        Assert.False(tweet.Inbound);
        Assert.Equal(new DateTimeOffset(2017, 10, 31, 22, 10, 47, TimeSpan.Zero), tweet.CreatedAt);
        Assert.Equal("3", tweet.InResponseToTweetId);
        Assert.True(Tweet("8").Inbound);
        Assert.Null(Tweet("8").InResponseToTweetId);
    }

    [Fact]
    public void Refuses_a_date_in_another_format()
    {
        const string csv = "\"tweet_id\",\"author_id\",\"inbound\",\"created_at\",\"text\",\"response_tweet_id\",\"in_response_to_tweet_id\"\n" +
                           "\"1\",\"sprintcare\",\"False\",\"2017-10-31 22:10:47\",\"hi\",\"\",\"\"\n";
        var error = Assert.Throws<InvalidDataException>(() => TwcsReader.Read(new StringReader(csv)));
        Assert.Contains("created_at", error.Message);
    }
}
