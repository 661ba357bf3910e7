namespace Engine.Bench;

using System.Collections.Concurrent;
using System.Diagnostics;
using Engine.Conversations;
using Engine.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

/// <summary>
/// What the outbox costs and how fast replies leave: agent replies on a channel with a connector (to a local endpoint
/// that answers 503 to a share of requests) beside the same replies on a channel without one (the baseline: the reply
/// is only recorded). Measures the reply's acknowledgement, the time until the endpoint accepted it, and whether any
/// idempotency key was accepted twice.
/// </summary>
public sealed class DeliverySuite(string store, string? connection, int conversations, int repliesPerConversation, double failureRate, int concurrency)
{
    public async Task<object> Run(TextWriter output)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"engine-bench-{Guid.NewGuid():N}");
        var accepted = new ConcurrentDictionary<string, long>();
        var acceptedTwice = 0;
        var requests = 0;
        var random = new Random(42);
        await using var endpoint = await Endpoint(key =>
        {
            Interlocked.Increment(ref requests);
            bool fail;
            lock (random) fail = random.NextDouble() < failureRate;
            if (fail) return 503;
            if (!accepted.TryAdd(key, Stopwatch.GetTimestamp())) Interlocked.Increment(ref acceptedTwice);
            return 200;
        });

        var tenant = $"bench{Guid.NewGuid():N}"[..16];
        var withConnector = new Latencies("reply ack, connector (outbox)");
        var without = new Latencies("reply ack, no connector (baseline)");
        var delivered = new Latencies("reply → endpoint accepted");
        var began = new ConcurrentDictionary<string, long>();
        using var host = await BenchSilo.Start(store, connection, dataDirectory, 0, new Dictionary<string, string?>
        {
            ["Delivery:FirstRetryDelay"] = "00:00:00.200",
            ["Delivery:MaxRetryDelay"] = "00:00:02",
            ["Delivery:HttpRetries"] = "1",
            ["Delivery:HttpRetryDelay"] = "00:00:00.050",
            // A benchmark's failures are injected on purpose: the circuit would only measure itself.
            ["Delivery:BreakerMinimumThroughput"] = "1000000",
        });
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<ITenantDeliveryGrain>(tenant).Set(ChannelKind.X, new DeliverySettings(endpoint.Url, null, null, TimeSpan.FromSeconds(30)));

        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, conversations), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (c, _) =>
        {
            // One conversation on X (connected) and one on Facebook (no connector), replied to alternately.
            var x = await Open(grains, tenant, ChannelKind.X, c);
            var facebook = await Open(grains, tenant, ChannelKind.Facebook, c);
            for (var r = 0; r < repliesPerConversation; r++)
            {
                var t = Stopwatch.GetTimestamp();
                var outcome = await x.Grain.Reply(tenant, new AgentReply(x.Thread, "agent-1", $"reply {r}"));
                withConnector.Add(t);
                began[DeliveryKeys.IdempotencyKey(x.Grain.GetPrimaryKey(), outcome.CreatedId!)] = t;
                t = Stopwatch.GetTimestamp();
                await facebook.Grain.Reply(tenant, new AgentReply(facebook.Thread, "agent-1", $"reply {r}"));
                without.Add(t);
            }
        });
        var total = conversations * repliesPerConversation;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (accepted.Count < total && DateTime.UtcNow < deadline) await Task.Delay(50);
        var elapsed = Stopwatch.GetElapsedTime(started);
        foreach (var (key, at) in accepted)
            if (began.TryGetValue(key, out var t)) delivered.AddMicros(Stopwatch.GetElapsedTime(t, at).TotalMicroseconds);
        await host.StopAsync();
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);

        output.WriteLine($"store={store} conversations={conversations} replies/conversation={repliesPerConversation} failureRate={failureRate} concurrency={concurrency}");
        output.WriteLine($"{"measure",-36} {"n",6} {"median µs",12} {"p99 µs",12} {"mean µs",12}");
        foreach (var row in new[] { without, withConnector, delivered })
            output.WriteLine($"{row.Name,-36} {row.Count,6} {row.Median,12:F0} {row.P99,12:F0} {row.Mean,12:F0}");
        output.WriteLine($"delivered {accepted.Count}/{total} in {elapsed.TotalSeconds:F1} s (both tenants' replies included); " +
            $"endpoint requests {requests}; accepted keys posted again {acceptedTwice} (same Idempotency-Key, after a try timed out)");
        return new
        {
            suite = "delivery", store, conversations, repliesPerConversation, failureRate, concurrency,
            delivered = accepted.Count, total, seconds = elapsed.TotalSeconds, requests, acceptedTwice,
            results = new[] { without, withConnector, delivered }.Select(r => r.ToJson()),
        };
    }

    private static async Task<(IConversationGrain Grain, int Thread)> Open(IGrainFactory grains, string tenant, ChannelKind channel, int c)
    {
        var now = DateTimeOffset.UtcNow;
        var outcome = await grains.GetGrain<IInboundGrain>(0).Accept(new InboundMessage(tenant, channel, Visibility.Public,
            $"{channel}-{c}-{Guid.NewGuid():N}", new MessageAuthor(AuthorKind.Customer, $"x:{c}"), "where is my order?", now, now));
        return (grains.GetGrain<IConversationGrain>(outcome.ConversationId), outcome.ThreadId);
    }

    private sealed class LocalEndpoint(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url => url;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<LocalEndpoint> Endpoint(Func<string, int> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/messages", (HttpContext context) => Results.StatusCode(answer(context.Request.Headers["Idempotency-Key"].ToString())));
        await app.StartAsync();
        var address = app.Urls.First();
        return new LocalEndpoint(app, address);
    }
}
