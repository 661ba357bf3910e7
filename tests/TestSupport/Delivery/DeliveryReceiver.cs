namespace Engine.Tests.Delivery;

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>One request as the receiver saw it, and what it answered.</summary>
public sealed record ReceivedDelivery(int Number, string? IdempotencyKey, string? Authorization, JsonObject Body, int Status);

/// <summary>What to answer the n-th request (1-based): a status, a body, and how long to wait first.</summary>
public sealed record ReceiverAnswer(int Status, string Body = "", TimeSpan Delay = default)
{
    public static ReceiverAnswer Ok(string? platformId = null) =>
        new(200, platformId is null ? "" : new JsonObject { ["platformMessageId"] = platformId }.ToJsonString());
}

/// <summary>
/// A delivery endpoint on Kestrel at a free loopback port that fails on purpose as the test scripts it
/// (<see cref="Answer"/>), and keeps every request, so a test can count distinct idempotency keys.
/// </summary>
public sealed class DeliveryReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private int _count;

    /// <summary>How to answer a request, by its number (1-based); by default every request is accepted.</summary>
    public Func<int, ReceiverAnswer> Answer { get; set; } = _ => ReceiverAnswer.Ok();

    public string BaseUrl { get; }

    public IReadOnlyList<ReceivedDelivery> Received => _received.ToList();

    /// <summary>Requests answered 2xx.</summary>
    public IReadOnlyList<ReceivedDelivery> Accepted => _received.Where(r => r.Status is >= 200 and < 300).ToList();

    private DeliveryReceiver(int port)
    {
        BaseUrl = $"http://127.0.0.1:{port}/hooks";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks/messages", Receive);
    }

    public static async Task<DeliveryReceiver> Start()
    {
        var receiver = new DeliveryReceiver(FreePorts.Next());
        await receiver._app.StartAsync();
        return receiver;
    }

    private async Task Receive(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        var body = (JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject) ?? [];
        var answer = Answer(number);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                _received.Enqueue(new(number, Header(context, "Idempotency-Key"), Header(context, "Authorization"), body, 499));
                return; // the caller gave up: nothing was accepted
            }
        }
        _received.Enqueue(new(number, Header(context, "Idempotency-Key"), Header(context, "Authorization"), body, answer.Status));
        context.Response.StatusCode = answer.Status;
        if (answer.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }
    }

    private static string? Header(HttpContext context, string name) =>
        context.Request.Headers.TryGetValue(name, out var value) ? value.ToString() : null;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
