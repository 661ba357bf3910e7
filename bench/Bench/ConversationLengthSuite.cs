namespace Engine.Bench;

using System.Diagnostics;
using Engine.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

/// <summary>
/// Does a message cost more when its conversation is long? Builds conversations message by message and measures
/// each ingest by its position (1st, ~10th, ~100th, ~1,000th ...); then restarts the silo and measures the first
/// read of each conversation, which activates it from the store (snapshot + tail).
/// </summary>
public sealed class ConversationLengthSuite(string store, string? connection, int conversations, int length, int snapshotEvery)
{
    /// <summary>Message positions reported; each bucket takes up to 20 consecutive messages from its start.</summary>
    private static readonly int[] BucketStarts = [1, 10, 100, 1_000, 10_000];

    /// <summary>Each conversation is activated from the store this many times after the restart.</summary>
    private const int ActivationRounds = 5;

    public async Task<object> Run(TextWriter output)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"engine-bench-{Guid.NewGuid():N}");
        var buckets = BucketStarts.Where(b => b <= length).ToDictionary(b => b, b => new Latencies($"message {b}"));
        var ids = new List<Guid>();
        var tenant = $"bench{Guid.NewGuid():N}"[..16];
        var start = DateTimeOffset.UtcNow.AddDays(-1);

        Latencies baseline;
        double? transactionsPerMessage = null;
        using (var host = await BenchSilo.Start(store, connection, dataDirectory, snapshotEvery))
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            baseline = store switch
            {
                "postgres" => await Baselines.PostgresInsert(connection!, 1_000),
                "sqlite" => await Baselines.SqliteInsert(dataDirectory, 1_000),
                _ => await Baselines.GrainCall(grains, 10_000),
            };
            var inbound = grains.GetGrain<IInboundGrain>(0);
            var commitsBefore = store == "postgres" ? await DatabaseCounters.Commits(connection!) : 0;
            for (var c = 0; c < conversations; c++)
            {
                var thread = $"bench-{c}-{Guid.NewGuid():N}";
                for (var position = 1; position <= length; position++)
                {
                    var author = position % 2 == 1 ? new MessageAuthor(AuthorKind.Customer, $"x:{c}") : new MessageAuthor(AuthorKind.Agent, "x:brand");
                    var message = new InboundMessage(tenant, ChannelKind.X, Visibility.Public, $"{thread}-{position}", author,
                        "My order #1234 has not arrived and nobody answers", start.AddSeconds(position), DateTimeOffset.UtcNow, thread);
                    var began = Stopwatch.GetTimestamp();
                    var outcome = await inbound.Accept(message);
                    if (Bucket(position) is { } bucket && buckets.TryGetValue(bucket, out var latencies))
                        latencies.Add(began);
                    if (position == 1) ids.Add(outcome.ConversationId);
                }
                output.Write('.');
            }
            output.WriteLine();
            if (store == "postgres")
                transactionsPerMessage = (await DatabaseCounters.Commits(connection!) - commitsBefore) / (double)(conversations * length);
            await host.StopAsync();
        }

        var activation = new Latencies($"activation of {length} messages");
        var fullRead = new Latencies($"then read whole view");
        if (store != "memory")
        {
            using var host = await BenchSilo.Start(store, connection, dataDirectory, snapshotEvery);
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var probe = new InboundMessage(tenant, ChannelKind.X, Visibility.Public, "not-there", new MessageAuthor(AuthorKind.Customer, "x:0"),
                "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            var management = grains.GetGrain<IManagementGrain>(0);
            for (var round = 0; round < ActivationRounds; round++)
            {
                foreach (var id in ids)
                {
                    // A call with a tiny answer, so the figure is the activation (load + fold), not the size of a reply.
                    var began = Stopwatch.GetTimestamp();
                    await grains.GetGrain<IConversationGrain>(id).FindStored(probe);
                    activation.Add(began);
                    began = Stopwatch.GetTimestamp();
                    var view = await grains.GetGrain<IConversationGrain>(id).Get(tenant);
                    fullRead.Add(began);
                    if (view?.Threads.Single().Messages.Count != length)
                        throw new InvalidOperationException($"Conversation {id} came back with {view?.Threads.Single().Messages.Count} messages.");
                }
                // Deactivate everything so the next round activates from the store again.
                await management.ForceActivationCollection(TimeSpan.Zero);
                await Task.Delay(500);
            }
            await host.StopAsync();
        }
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);

        var rows = buckets.Values.Prepend(baseline).Append(activation).Append(fullRead).Where(l => l.Count > 0).ToList();
        output.WriteLine($"store={store} conversations={conversations} length={length} snapshotEvery={snapshotEvery}");
        output.WriteLine($"{"measure",-32} {"n",6} {"median µs",12} {"p99 µs",12} {"mean µs",12}");
        foreach (var row in rows)
            output.WriteLine($"{row.Name,-32} {row.Count,6} {row.Median,12:F0} {row.P99,12:F0} {row.Mean,12:F0}");
        if (transactionsPerMessage is { } perMessage)
            output.WriteLine($"database transactions per message (pg_stat_database.xact_commit, all sessions): {perMessage:F2}");
        output.WriteLine($"ratio message 1000 / message 10 (median): {buckets.GetValueOrDefault(1_000)?.Median / buckets.GetValueOrDefault(10)?.Median:F2}");
        return new
        {
            suite = "conversation-length", store, conversations, length, snapshotEvery, transactionsPerMessage,
            results = rows.Select(r => r.ToJson()),
        };
    }

    private static int? Bucket(int position)
    {
        foreach (var start in BucketStarts)
            if (position >= start && position < start + (start == 1 ? 1 : 20))
                return start;
        return null;
    }
}
