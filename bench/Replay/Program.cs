using System.CommandLine;
using Engine.Replay;

var corpus = new Option<FileInfo>("--corpus")
{
    Description = "The twcs CSV to replay, e.g. ../shared/data/twcs/twcs-head5000.csv",
    Required = true,
};
var gateway = new Option<Uri>("--gateway")
{
    Description = "The engine gateway's base address",
    DefaultValueFactory = _ => new Uri("http://localhost:5080"),
    // System.CommandLine has no built-in Uri parser.
    CustomParser = result =>
    {
        var text = result.Tokens.Single().Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return uri;
        result.AddError($"--gateway '{text}' is not an absolute http(s) address.");
        return null;
    },
};
var apiKey = new Option<string?>("--api-key")
{
    Description = "An X-Api-Key with the admin role in the target tenant (or the operator key); default: $ENGINE_API_KEY",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGINE_API_KEY"),
};
var shuffle = new Option<bool>("--shuffle") { Description = "Send in a seeded random order instead of platform time order" };
var seed = new Option<int>("--seed") { Description = "Seed of the shuffle", DefaultValueFactory = _ => 42 };
var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 16 };
var attempts = new Option<int>("--max-attempts") { Description = "Tries per request on 5xx or transport errors", DefaultValueFactory = _ => 5 };

corpus.AcceptExistingOnly();
concurrency.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--concurrency must be at least 1."); });
attempts.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--max-attempts must be at least 1."); });

var root = new RootCommand("Replays a Customer Support on Twitter corpus into the engine and reports what it stored.")
{
    corpus, gateway, apiKey, shuffle, seed, concurrency, attempts,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var plan = CorpusMapper.Map(TwcsReader.ReadFile(parse.GetRequiredValue(corpus).FullName));
    var options = new ReplayOptions(parse.GetValue(shuffle), parse.GetValue(seed), parse.GetValue(concurrency), parse.GetValue(attempts));
    var baseAddress = parse.GetRequiredValue(gateway);
    // A trailing slash makes relative API paths land under any path prefix of the gateway.
    if (!baseAddress.AbsoluteUri.EndsWith('/')) baseAddress = new Uri(baseAddress.AbsoluteUri + "/");

    using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    if (parse.GetValue(apiKey) is { Length: > 0 } key) http.DefaultRequestHeaders.Add("X-Api-Key", key);
    Console.WriteLine($"Replaying {plan.Messages.Count} messages of {plan.Threads} threads into {baseAddress} ({options.OrderDescription}, concurrency {options.Concurrency})...");
    var report = await new ReplayRunner(http, options).Run(plan, cancellationToken);
    Console.Write(SummaryTable.Format(report));
    Console.WriteLine();
    Console.Write(await KpiTable.Fetch(http, plan, 15, cancellationToken));
    return report.Sent.Rejected + report.Sent.Failed == 0 ? 0 : 1;
});
return await root.Parse(args).InvokeAsync();
