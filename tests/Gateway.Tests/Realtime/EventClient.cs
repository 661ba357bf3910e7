namespace Engine.Tests.Realtime;

using System.Collections.Concurrent;
using System.Text.Json;
using Engine.Gateway.Security;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

/// <summary>A client of <c>/hubs/events</c> on a test server, as a desk or the web-chat widget uses it: it keeps every
/// event it is sent, and drops a sequence number it already holds, as the contract tells clients to.</summary>
public sealed class EventClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<JsonElement> _received = new();

    public HubConnection Connection { get; }

    /// <summary>Every event as it arrived, duplicates included (so tests can see what the server sent).</summary>
    public IReadOnlyList<JsonElement> Received => [.. _received];

    private EventClient(HubConnection connection)
    {
        Connection = connection;
        Connection.On<JsonElement>("event", e => _received.Enqueue(e));
    }

    public static async Task<EventClient> Connect(WebApplicationFactory<Program> server, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Server.BaseAddress, "/hubs/events"), o =>
            {
                o.HttpMessageHandlerFactory = _ => server.Server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var client = new EventClient(connection);
        await connection.StartAsync();
        return client;
    }

    public static string Token(WebApplicationFactory<Program> server, string tenant, string subject, params string[] roles) =>
        server.Services.GetRequiredService<TokenIssuer>().Issue(tenant, subject, subject, roles).AccessToken;

    public async Task<JsonElement> Subscribe(string stream, long after = 0)
    {
        var result = await Connection.InvokeAsync<JsonElement>("Subscribe", stream, after);
        foreach (var e in result.GetProperty("events").EnumerateArray()) _received.Enqueue(e);
        return result;
    }

    /// <summary>Waits for an event of a type on a stream that matches, and answers it.</summary>
    public async Task<JsonElement> Next(string stream, string type, Func<JsonElement, bool>? match = null, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var found = _received.FirstOrDefault(e => e.GetProperty("stream").GetString() == stream
                && e.GetProperty("type").GetString() == type && (match?.Invoke(e.GetProperty("data")) ?? true));
            if (found.ValueKind != JsonValueKind.Undefined) return found;
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"No '{type}' on '{stream}' within {seconds} s; got: {string.Join(", ", _received.Select(e => $"{e.GetProperty("stream")}#{e.GetProperty("sequence")} {e.GetProperty("type")}"))}");
    }

    /// <summary>The distinct events of a stream in sequence order, as a client that drops repeats holds them.</summary>
    public IReadOnlyList<JsonElement> Stream(string stream) => _received
        .Where(e => e.GetProperty("stream").GetString() == stream)
        .GroupBy(e => e.GetProperty("sequence").GetInt64()).Select(g => g.First())
        .OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
