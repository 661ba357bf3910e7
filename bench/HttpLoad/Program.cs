using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Bench.HttpLoad;

var url = new Option<string>("--url") { Description = "Endpoint to POST normalized inbound messages to", Required = true };
var apiKey = new Option<string?>("--api-key") { Description = "Sent as X-Api-Key" };
var rate = new Option<double>("--rate") { Description = "Requests per second, scheduled evenly", Required = true };
var seconds = new Option<double>("--seconds") { Description = "How long to send", DefaultValueFactory = _ => 15 };
var conversations = new Option<int>("--conversations") { Description = "Conversations (thread keys) the messages are spread over", DefaultValueFactory = _ => 1_000 };
var tag = new Option<string>("--tag") { Description = "Prefix of every platformMessageId (unique per run and phase)", Required = true };
var connections = new Option<int>("--connections") { Description = "At most this many connections", DefaultValueFactory = _ => 256 };
var json = new Option<FileInfo?>("--json") { Description = "Write the result as JSON to this file" };
var warmup = new Option<double>("--warmup-seconds")
{
    Description = "Send at the same rate this long first, timed apart from the measured span (this process's own start-up)",
    DefaultValueFactory = _ => 0,
};

var threadPrefix = new Option<string>("--thread-prefix")
{
    Description = "Names the threads and customers (another prefix than the default t gives new conversations)",
    DefaultValueFactory = _ => "t",
};

var openLoop = new Command("open-loop", "Normalized inbound messages at a constant rate, latency from each scheduled send time")
{
    url, apiKey, rate, seconds, conversations, tag, connections, json, warmup, threadPrefix,
};
openLoop.SetAction(async (parse, _) =>
{
    using var http = new HttpClient(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = parse.GetValue(connections),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    }) { Timeout = TimeSpan.FromSeconds(60) };
    var load = new OpenLoop(http, new Uri(parse.GetRequiredValue(url)), parse.GetValue(apiKey),
        new InboundBodies(parse.GetRequiredValue(tag), parse.GetValue(conversations), parse.GetRequiredValue(threadPrefix)));
    var result = await load.Run(parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(warmup));
    Console.WriteLine($"open loop {result.Url} at {result.TargetRate:N0}/s for {result.Seconds:N1} s: {result.Completed:N0} answered " +
        $"({result.AchievedRate:N0}/s), {result.NonSuccess} non-2xx, {result.Failed} failed; latency from scheduled send p50 {result.P50Us / 1000:N2} ms, " +
        $"p99 {result.P99Us / 1000:N2} ms, max {result.MaxUs / 1000:N2} ms; at most {result.MaxInFlight} in flight; " +
        $"{result.SlowWindows.Count} of {Math.Ceiling(result.Seconds * 10):N0} 100-ms windows had a request over {OpenLoop.SlowMs:N0} ms" +
        (result.SlowWindows.Count == 0 ? "" : $" ({string.Join(", ", result.SlowWindows.OrderByDescending(w => w.MaxMs).Take(5).Select(w => $"{w.AtSeconds:N1} s: {w.MaxMs:N0} ms"))})") +
        (result.WarmupRequests == 0 ? "" : $"; before it, {result.WarmupRequests:N0} warm-up requests in {result.WarmupSeconds:N1} s: p99 {result.WarmupP99Us / 1000:N2} ms, max {result.WarmupMaxUs / 1000:N2} ms"));
    if (parse.GetValue(json) is { } file)
        await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result,
            new JsonSerializerOptions { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    return result.NonSuccess + result.Failed == 0 ? 0 : 3;
});

var phases = new Option<FileInfo>("--phases") { Description = "The phases the script collected, one JSON object a line", Required = true };
var output = new Option<FileInfo>("--output") { Description = "Where the result JSON goes", Required = true };
var set = new Option<string[]>("--set") { Description = "key=value facts about the run, copied into the result", AllowMultipleArgumentsPerToken = true };
var summarize = new Command("summarize", "Table and result file of one run of bench/http-ingest.sh") { phases, output, set };
summarize.SetAction(parse => RunSummary.Write(parse.GetRequiredValue(phases), parse.GetRequiredValue(output),
    (parse.GetValue(set) ?? []).Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""), Console.Out));

var freePort = new Command("free-port", "Prints a TCP port on loopback that is free now");
freePort.SetAction(_ =>
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    Console.WriteLine(((IPEndPoint)listener.LocalEndpoint).Port);
});

return await new RootCommand("HTTP load for the ingest benchmark (bench/http-ingest.sh)") { openLoop, summarize, freePort }.Parse(args).InvokeAsync();
