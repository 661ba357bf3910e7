namespace Engine.Replay;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

/// <summary>
/// Sends a replay plan to an engine over its REST API, then reads back every conversation of the tenants it
/// touched. Takes any <see cref="HttpClient"/> whose base address is the gateway, so tests can pass an in-memory one.
/// </summary>
public sealed class ReplayRunner
{
    private readonly ReplayOptions _options;
    private readonly TransientRetry _retry;
    private readonly EngineClient _engine;

    public ReplayRunner(HttpClient http, ReplayOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PageSize, 1);
        _options = options;
        _retry = new TransientRetry(options.MaxAttempts);
        _engine = new EngineClient(http, _retry, options.PageSize);
    }

    public async Task<ReplayReport> Run(ReplayPlan plan, CancellationToken cancellationToken = default)
    {
        var sent = await Send(plan.Messages, cancellationToken);
        var tenants = plan.Messages.Select(m => m.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var stored = await ReadBack(tenants, cancellationToken);
        return new ReplayReport(_options, plan, tenants.Count, sent, stored);
    }

    /// <summary>Sends every message once (retrying transient failures), at most <c>Concurrency</c> at a time.</summary>
    public async Task<SendTally> Send(IReadOnlyList<ReplayMessage> messages, CancellationToken cancellationToken = default)
    {
        var order = SendOrder(messages);
        var tally = new SendTally();
        var retriesBefore = _retry.Retries;
        var stopwatch = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(order, parallel, async (message, ct) => await SendOne(message, tally, ct));
        tally.Elapsed = stopwatch.Elapsed;
        tally.Retries = _retry.Retries - retriesBefore;
        return tally;
    }

    /// <summary>The messages in the order they are sent: as given (platform time), or a permutation fixed by the seed.</summary>
    public IReadOnlyList<ReplayMessage> SendOrder(IReadOnlyList<ReplayMessage> messages)
    {
        var order = messages.ToArray();
        if (_options.Shuffle)
            new Random(_options.Seed).Shuffle(order);
        return order;
    }

    public async Task<ReadBack> ReadBack(IEnumerable<string> tenants, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var targets = new List<(string Tenant, Guid Id)>();
        foreach (var tenant in tenants)
            targets.AddRange((await _engine.ListConversationIds(tenant, cancellationToken)).Select(id => (tenant, id)));

        var conversations = new ConversationAnswer[targets.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, targets.Count, parallel, async (i, ct) =>
            conversations[i] = await _engine.GetConversation(targets[i].Tenant, targets[i].Id, ct));
        return new ReadBack(conversations, stopwatch.Elapsed);
    }

    private async Task SendOne(ReplayMessage message, SendTally tally, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _engine.PostInbound(message, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            tally.CountFailed($"{message.Tenant} {message.Body.PlatformMessageId}: {e.Message}");
            return;
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created or HttpStatusCode.OK:
                    var answer = await response.Content.ReadFromJsonAsync<IngestAnswer>(EngineJson.Options, cancellationToken)
                        ?? throw new InvalidDataException("The inbound endpoint answered an empty body.");
                    if (answer.Status == "duplicate") tally.CountDuplicate();
                    else tally.CountAccepted(answer.ConversationCreated);
                    break;
                default:
                    var problem = $"{message.Tenant} {message.Body.PlatformMessageId}: {(int)response.StatusCode} " +
                                  await response.Content.ReadAsStringAsync(cancellationToken);
                    if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                        tally.CountRejected(problem);
                    else
                        tally.CountFailed(problem);
                    break;
            }
        }
    }
}
