namespace Engine.Tests.Failover;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

/// <summary>A message the Gateway acknowledged (201 accepted or 200 duplicate), with the conversation it named.</summary>
/// <param name="Took">From the message's first attempt to its acknowledgement, retries included.</param>
public sealed record Acknowledgement(string PlatformMessageId, int Thread, Guid ConversationId, HttpStatusCode Status, TimeSpan At, TimeSpan Took);

/// <summary>
/// Inbound traffic through the Gateway's HTTP API: many X threads, each getting messages one after another
/// (customer and brand in turn), a bounded number of threads in flight. A request that fails in transport, times
/// out or answers 5xx is sent again with the same platformMessageId, which the engine must treat idempotently.
/// </summary>
public sealed class InboundLoad(HttpClient http, string tenant, int threads, Stopwatch clock)
{
    private static readonly TimeSpan MessageDeadline = TimeSpan.FromSeconds(60);
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly DateTimeOffset firstTimestamp = DateTimeOffset.UtcNow.AddHours(-2);
    private readonly int[] sentPerThread = new int[threads];
    // Each thread is in the queue once, so a thread never has two messages in flight and every thread gets turns.
    private readonly Channel<int> queue = Channel.CreateUnbounded<int>();
    private int started;
    private int retries;

    public string Tenant => tenant;
    public int Threads => threads;
    public ConcurrentDictionary<string, Acknowledgement> Acknowledged { get; } = new();
    public ConcurrentQueue<string> Unacknowledged { get; } = new();
    public ConcurrentQueue<string> Rejected { get; } = new();
    public int Retries => retries;

    /// <summary>Every failed attempt by kind ("503 with Retry-After", "500", "transport", "timeout"), to judge how the Gateway failed.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    /// <summary>How many messages of <paramref name="thread"/> the Gateway has acknowledged.</summary>
    public int AcknowledgedIn(int thread) => Volatile.Read(ref sentPerThread[thread]);

    /// <summary>
    /// Sends to threads 0..<paramref name="firstThreads"/>-1 until <paramref name="stop"/> fires; each worker then
    /// finishes the message it holds. <see cref="StartRemainingThreads"/> brings in the rest.
    /// </summary>
    public async Task RunAsync(int concurrency, int firstThreads, CancellationToken stop)
    {
        for (var thread = 0; thread < firstThreads; thread++)
            queue.Writer.TryWrite(thread);
        started = firstThreads;

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!queue.Reader.TryRead(out var thread)) { await Task.Delay(10); continue; }
                await SendNextAsync(thread);
                queue.Writer.TryWrite(thread);
            }
        })));
    }

    /// <summary>Threads that start while the cluster is recovering: their conversations are created then.</summary>
    public void StartRemainingThreads()
    {
        for (var thread = started; thread < threads; thread++)
            queue.Writer.TryWrite(thread);
    }

    /// <summary>Sends the thread's next message, retrying until acknowledged; null if it never was.</summary>
    public async Task<Acknowledgement?> SendNextAsync(int thread)
    {
        var index = sentPerThread[thread];
        var id = $"{run}-{thread}-{index}";
        var body = Body(thread, index, id);
        var firstAttempt = clock.Elapsed;
        var deadline = firstAttempt + MessageDeadline;
        var delay = TimeSpan.FromMilliseconds(100);
        while (clock.Elapsed < deadline)
        {
            var (outcome, rejection) = await TrySendAsync(body);
            if (rejection is not null)
            {
                Rejected.Enqueue($"{id}: {rejection}");
                return null;
            }
            if (outcome is { } ack)
            {
                var at = clock.Elapsed;
                var acknowledgement = new Acknowledgement(id, thread, ack.ConversationId, ack.Status, at, at - firstAttempt);
                Acknowledged[id] = acknowledgement;
                Interlocked.Increment(ref sentPerThread[thread]);
                return acknowledgement;
            }
            Interlocked.Increment(ref retries);
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
        Unacknowledged.Enqueue(id);
        return null;
    }

    /// <summary>The acknowledgement, or a 4xx rejection (a bug: never retried), or neither (try again).</summary>
    private async Task<((Guid ConversationId, HttpStatusCode Status)? Ack, string? Rejection)> TrySendAsync(object body)
    {
        try
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/tenants/{tenant}/inbound", body);
            var content = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(content);
                return ((json.RootElement.GetProperty("conversationId").GetGuid(), response.StatusCode), null);
            }
            if ((int)response.StatusCode < 500) return (null, $"{(int)response.StatusCode} {content}");
            var kind = response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null
                ? "503 with Retry-After" : $"{(int)response.StatusCode} {content[..Math.Min(content.Length, 200)]}";
            Failures.AddOrUpdate(kind, 1, (_, n) => n + 1);
            return (null, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Failures.AddOrUpdate(e is TaskCanceledException ? "timeout" : "transport", 1, (_, n) => n + 1);
            return (null, null); // transport error or the per-request timeout: send the same message again
        }
    }

    /// <summary>Messages given up on that no later attempt got acknowledged.</summary>
    public IReadOnlyList<string> NeverAcknowledged() =>
        Unacknowledged.Distinct().Where(id => !Acknowledged.ContainsKey(id)).ToList();

    /// <summary>
    /// Even threads carry the platform's thread key (like Messenger); odd ones only name the message they answer
    /// (like X Account Activity), so their routing goes through the engine's message directory.
    /// </summary>
    private object Body(int thread, int index, string id)
    {
        var customer = $"x:{run}c{thread}";
        var fromCustomer = index % 2 == 0;
        var keyed = thread % 2 == 0;
        return new
        {
            channel = "x",
            visibility = "public",
            platformMessageId = id,
            threadKey = keyed ? $"{run}-t{thread}" : null,
            inReplyTo = !keyed && index > 0 ? $"{run}-{thread}-{index - 1}" : null,
            author = new { kind = fromCustomer ? "customer" : "agent", id = fromCustomer ? customer : "x:acme" },
            text = fromCustomer ? $"order {thread} still missing ({index})" : $"sorry, looking into it ({index})",
            timestamp = firstTimestamp.AddSeconds(index),
            customerIdentity = fromCustomer ? null : customer,
        };
    }
}
