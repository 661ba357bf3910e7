namespace Engine.Bench;

using System.Diagnostics;
using Engine.Conversations;
using Engine.Listening;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The listening feed end to end on one silo in this process: the corpus posted in batches to the tenant's
/// <see cref="IListeningFeedGrain"/>, with no rules (the baseline: the batch hop and a version check, nothing stored),
/// with generated rules (matches open conversations through the inbound path), and the same posts again (redelivery:
/// every match a duplicate).
/// </summary>
public static class ListeningFeedRate
{
    public sealed record Case(string Name, int Posts, int Matched, int Duplicates, double Seconds, double PostsPerSecond);

    public static async Task<IReadOnlyList<Case>> Run(string store, string? connection, string? corpus, int ruleCount, int batch, TextWriter output)
    {
        var tweets = TwcsCorpus.Read(corpus);
        var posts = tweets.Select(t => new ListeningPost(t.TweetId, ChannelKind.X, t.Text, "en", t.AuthorId, null, $"x:{t.AuthorId}",
            t.CreatedAt, t.InResponseToTweetId)).ToList();
        var rules = ListeningRuleGenerator.Generate(tweets.Select(t => t.Text), ruleCount, seed: 42);
        var data = Path.Combine(Path.GetTempPath(), $"engine-bench-{Guid.NewGuid():N}");
        using var host = await BenchSilo.Start(store, connection, data, 100);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var tenant = $"lf{Guid.NewGuid():N}"[..12];
        foreach (var rule in rules)
            if (await grains.GetGrain<IListeningRulesGrain>(tenant).Put(rule) is { } problem)
                throw new InvalidOperationException($"{rule.Id}: {problem.Message}");

        output.WriteLine($"{posts.Count:N0} twcs posts in batches of {batch}, {store} store, one silo in this process");
        var cases = new List<Case>
        {
            await Measure("no rules (baseline: batch hop, nothing stored)", grains, $"{tenant}-none", posts, batch),
            await Measure($"{ruleCount:N0} rules, first delivery (matches opened)", grains, tenant, posts, batch),
            await Measure($"{ruleCount:N0} rules, redelivery (matches are duplicates)", grains, tenant, posts, batch),
        };
        foreach (var c in cases)
            output.WriteLine($"{c.Name,-48} {c.Posts,6:N0} posts {c.Matched,6:N0} matched {c.Duplicates,6:N0} duplicates {c.Seconds,7:N2} s {c.PostsPerSecond,9:N0} posts/s");
        await host.StopAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return cases;
    }

    private static async Task<Case> Measure(string name, IGrainFactory grains, string tenant, IReadOnlyList<ListeningPost> posts, int batch)
    {
        var feed = grains.GetGrain<IListeningFeedGrain>(tenant);
        int matched = 0, duplicates = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < posts.Count; i += batch)
            foreach (var outcome in await feed.Accept([.. posts.Skip(i).Take(batch)]))
            {
                if (outcome.Status == ListeningStatus.Accepted) matched++;
                else if (outcome.Status == ListeningStatus.Duplicate) duplicates++;
            }
        var seconds = clock.Elapsed.TotalSeconds;
        return new Case(name, posts.Count, matched, duplicates, seconds, posts.Count / seconds);
    }
}
