namespace Engine.Bench;

using Engine.Insight;
using Engine.Insight.Vader;
using Engine.Listening;

/// <summary>
/// Throughput on one thread: messages scored per second (tokenising alone as the floor, VADER alone, the whole
/// risk score), and listening posts matched per second against a generated rule set, with the word index and,
/// as the baseline, checking every rule on every post.
/// </summary>
public static class InsightRates
{
    public static object Scoring(string? corpus, double seconds, TextWriter output)
    {
        var texts = TwcsCorpus.Read(corpus).Where(t => t.Inbound).Select(t => t.Text).ToList();
        var scorer = new RiskScorer(RiskPolicy.Default);
        var vader = SentimentAnalyzer.Default;
        var author = new AuthorInfluence(12_000);
        var engagement = new EngagementVelocity(3, 1, 0.5);
        output.WriteLine($"{texts.Count:N0} customer tweets, one thread, ≥ {seconds} s each");
        var results = new[]
        {
            Throughput.Measure("baseline: tokenise only (PostText.Of)", texts, seconds, t => PostText.Of(t)),
            Throughput.Measure("VADER sentiment only", texts, seconds, t => vader.Score(t)),
            Throughput.Measure("risk score (VADER + keywords + author + rate)", texts, seconds, t => scorer.Score(t, author, engagement)),
        };
        foreach (var r in results)
            output.WriteLine(r);
        return results;
    }

    public static object Listening(string? corpus, int ruleCount, double seconds, TextWriter output)
    {
        var tweets = TwcsCorpus.Read(corpus);
        var rules = ListeningRuleGenerator.Generate(tweets.Select(t => t.Text), ruleCount, seed: 42);
        var set = new ListeningRuleSet(rules);
        var posts = tweets.Select(t => new ListeningPost(t.TweetId, Engine.Conversations.ChannelKind.X, t.Text, "en", t.AuthorId)).ToList();
        var documents = posts.Select(p => new ListeningDocument(p)).ToList();

        var indexedMatches = documents.Sum(d => set.Match(d).Count);
        var scannedMatches = documents.Sum(d => set.MatchEveryRule(d).Count);
        if (indexedMatches != scannedMatches)
            throw new InvalidOperationException($"index found {indexedMatches} matches, full scan {scannedMatches}");
        var matchedPosts = documents.Count(d => set.Match(d).Count > 0);
        output.WriteLine($"{set.Count:N0} rules ({set.Unindexed} unindexed) × {posts.Count:N0} tweets; " +
            $"{indexedMatches:N0} matches, {matchedPosts:N0} posts match at least one rule; one thread, ≥ {seconds} s each");
        foreach (var example in rules.Take(8))
            output.WriteLine($"  e.g. {example.Id}: {example.Query}");

        var results = new[]
        {
            Throughput.Measure("baseline: normalise post only", posts, seconds, p => new ListeningDocument(p)),
            Throughput.Measure("baseline: every rule on every post", documents, seconds, d => set.MatchEveryRule(d)),
            Throughput.Measure("indexed match (post already normalised)", documents, seconds, d => set.Match(d)),
            Throughput.Measure("indexed match incl. normalising the post", posts, seconds, p => set.Match(p)),
        };
        output.WriteLine(results[0]);
        foreach (var r in results.Skip(1))
            output.WriteLine($"{r}  = {r.PerCpuSecond * set.Count,14:N0} rule×post/s cpu");
        return new { rules = set.Count, unindexed = set.Unindexed, posts = posts.Count, matches = indexedMatches, results };
    }
}
