using System.CommandLine;
using System.Text.Json;
using Engine.Bench;
using Engine.Bench.Micro;

var store = new Option<string>("--store") { Description = "memory, sqlite or postgres", DefaultValueFactory = _ => "sqlite" };
store.AcceptOnlyFromAmong("memory", "sqlite", "postgres");
var connection = new Option<string?>("--connection") { Description = "PostgreSQL connection string (for --store postgres)" };
var conversations = new Option<int>("--conversations") { Description = "Conversations to build", DefaultValueFactory = _ => 10 };
var length = new Option<int>("--length") { Description = "Messages per conversation", DefaultValueFactory = _ => 1_020 };
var snapshotEvery = new Option<int>("--snapshot-every") { Description = "Events between snapshots (0: none, not even on deactivation)", DefaultValueFactory = _ => 100 };
var json = new Option<FileInfo?>("--json") { Description = "Also write the results as JSON to this file" };

var lengthCommand = new Command("conversation-length", "Per-message ingest cost by position in the conversation, and activation time")
{
    store, connection, conversations, length, snapshotEvery, json,
};
lengthCommand.SetAction(async (parse, _) =>
{
    var suite = new ConversationLengthSuite(parse.GetRequiredValue(store), parse.GetValue(connection),
        parse.GetValue(conversations), parse.GetValue(length), parse.GetValue(snapshotEvery));
    var result = await suite.Run(Console.Out);
    if (parse.GetValue(json) is { } file)
        await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    return 0;
});

var corpus = new Option<string?>("--corpus") { Description = "twcs CSV (default: ../shared/data/twcs/twcs-head5000.csv beside the repository)" };
var seconds = new Option<double>("--seconds") { Description = "Minimum measuring time per case", DefaultValueFactory = _ => 5 };
var top = new Option<int>("--top") { Description = "How many of the riskiest tweets to show", DefaultValueFactory = _ => 10 };
var rules = new Option<int>("--rules") { Description = "Listening rules to generate", DefaultValueFactory = _ => 1_000 };

var riskReportCommand = new Command("risk-report", "Risk and sentiment distribution over the corpus's customer tweets, and the riskiest ones")
{
    corpus, top, json,
};
riskReportCommand.SetAction(parse => WriteJson(parse.GetValue(json), CorpusRiskReport.Run(parse.GetValue(corpus), parse.GetValue(top), Console.Out)));

var scoringCommand = new Command("scoring-rate", "Messages risk-scored per second on one thread, beside tokenising alone")
{
    corpus, seconds, json,
};
scoringCommand.SetAction(parse => WriteJson(parse.GetValue(json), InsightRates.Scoring(parse.GetValue(corpus), parse.GetValue(seconds), Console.Out)));

var listeningCommand = new Command("listening-rate", "Listening rules × posts per second on one thread, indexed and checking every rule")
{
    corpus, rules, seconds, json,
};
listeningCommand.SetAction(parse => WriteJson(parse.GetValue(json),
    InsightRates.Listening(parse.GetValue(corpus), parse.GetValue(rules), parse.GetValue(seconds), Console.Out)));

var replies = new Option<int>("--replies") { Description = "Replies per conversation", DefaultValueFactory = _ => 10 };
var failureRate = new Option<double>("--failure-rate") { Description = "Share of endpoint requests answered 503", DefaultValueFactory = _ => 0 };
var concurrency = new Option<int>("--concurrency") { Description = "Conversations replied to at once", DefaultValueFactory = _ => 16 };
var deliveryCommand = new Command("delivery", "Reply acknowledgement with and without a delivery connector, and time until the endpoint accepted it")
{
    store, connection, conversations, replies, failureRate, concurrency, json,
};
deliveryCommand.SetAction(async (parse, _) =>
{
    var suite = new DeliverySuite(parse.GetRequiredValue(store), parse.GetValue(connection), parse.GetValue(conversations),
        parse.GetValue(replies), parse.GetValue(failureRate), parse.GetValue(concurrency));
    var result = await suite.Run(Console.Out);
    await WriteJsonAsync(parse.GetValue(json), result);
    return 0;
});

var batch = new Option<int>("--batch") { Description = "Posts per listening batch", DefaultValueFactory = _ => 500 };
var feedCommand = new Command("listening-feed", "The listening feed end to end through its grain: no rules, rules, redelivery")
{
    store, connection, corpus, rules, batch, json,
};
feedCommand.SetAction(async (parse, _) => WriteJson(parse.GetValue(json), await ListeningFeedRate.Run(parse.GetRequiredValue(store),
    parse.GetValue(connection), parse.GetValue(corpus), parse.GetValue(rules), parse.GetValue(batch), Console.Out)));

var events = new Option<int>("--events") { Description = "Events to publish", DefaultValueFactory = _ => 20_000 };
var publishers = new Option<int>("--publishers") { Description = "Concurrent publishers", DefaultValueFactory = _ => 64 };
var realtimeCommand = new Command("realtime", "One real-time stream: events numbered and stored per second, publish and delivery latency")
{
    store, connection, events, publishers, json,
};
realtimeCommand.SetAction(async (parse, _) => WriteJson(parse.GetValue(json), await RealtimeSuite.Run(parse.GetRequiredValue(store),
    parse.GetValue(connection), parse.GetValue(events), parse.GetValue(publishers), Console.Out)));

var callers = new Option<int>("--callers") { Description = "Concurrent callers in both phases", DefaultValueFactory = _ => 64 };
var phaseSeconds = new Option<double>("--phase-seconds") { Description = "Seconds each phase runs", DefaultValueFactory = _ => 10 };
var ratioConversations = new Option<int>("--conversations") { Description = "Conversations the messages go to", DefaultValueFactory = _ => 10_000 };
var allocationTypes = new Option<int>("--allocation-types") { Description = "Sample what the ingest phases allocate and print the top N types (0: off)", DefaultValueFactory = _ => 0 };
var ratioCommand = new Command("ingest-ratio", "In-process ingest messages/s against bare Orleans grain calls/s, same callers, same process")
{
    store, connection, callers, ratioConversations, phaseSeconds, json, allocationTypes,
};
ratioCommand.SetAction(async (parse, _) => WriteJson(parse.GetValue(json), await IngestRatioSuite.Run(parse.GetRequiredValue(store),
    parse.GetValue(connection), parse.GetValue(callers), parse.GetValue(ratioConversations), parse.GetValue(phaseSeconds), Console.Out,
    parse.GetValue(allocationTypes))));

var steps = new Option<string>("--steps") { Description = "Cumulative counts measured, comma-separated (Ping grains, then conversations)", DefaultValueFactory = _ => "10000,50000,100000" };
var memoryMessages = new Option<int>("--messages") { Description = "Messages per conversation (customer and brand in turn)", DefaultValueFactory = _ => 10 };
var memoryCallers = new Option<int>("--callers") { Description = "Conversations built at once", DefaultValueFactory = _ => 64 };
var gcdump = new Option<DirectoryInfo?>("--gcdump") { Description = "Write dotnet-gcdump heap dumps (before and after the conversations) here and show the types that grew" };
var directoryCache = new Option<int?>("--directory-cache-size") { Description = "Orleans' grain directory cache size (GrainDirectoryOptions.CacheSize; default: Orleans' 1,000,000; Orleans 10 refuses under 3)" };
var orleansDirectoryCache = new Option<bool>("--orleans-directory-cache") { Description = "Orleans' own directory cache, which keeps the addresses of collected grains until they expire, instead of the engine's (LiveGrainDirectoryCache)" };
var memoryCommand = new Command("memory", "Managed heap per active conversation against per bare grain activation, in steps, and how many fit in 12 GiB")
{
    store, connection, steps, memoryMessages, memoryCallers, corpus, gcdump, directoryCache, orleansDirectoryCache, json,
};
memoryCommand.SetAction(async (parse, _) =>
{
    var counts = parse.GetRequiredValue(steps).Split(',').Select(int.Parse).ToArray();
    if (parse.GetValue(gcdump) is { } dumps) dumps.Create();
    WriteJson(parse.GetValue(json), await MemorySuite.Run(parse.GetRequiredValue(store), parse.GetValue(connection), counts,
        parse.GetValue(memoryMessages), parse.GetValue(memoryCallers), parse.GetValue(corpus), parse.GetValue(gcdump), Console.Out,
        parse.GetValue(directoryCache), parse.GetValue(orleansDirectoryCache)));
    return 0;
});

var pgbenchClients = new Option<string>("--pgbench-clients") { Description = "pgbench client counts besides --callers, comma-separated", DefaultValueFactory = _ => "16,64" };
var writers = new Option<int>("--writers") { Description = "Group commit writers (Storage:Postgres:Writers)", DefaultValueFactory = _ => 2 };
var maxBatch = new Option<int>("--max-batch") { Description = "Conversations per group write (Storage:Postgres:MaxBatch)", DefaultValueFactory = _ => 256 };
var replyChains = new Option<bool>("--reply-chains") { Description = "Engine phases: messages name only the message they answer (X Account Activity), no thread key, so each one looks up its parent's thread" };
var withMemory = new Option<bool>("--memory") { Description = "Also run the ingest on the memory store (the grain path's own ceiling)", DefaultValueFactory = _ => true };
var durableCommand = new Command("durable-ingest", "Durable ingest on PostgreSQL (group commit off and on) against pgbench single-row inserts on the same server")
{
    connection, callers, ratioConversations, phaseSeconds, pgbenchClients, writers, maxBatch, withMemory, replyChains, json,
};
durableCommand.SetAction(async (parse, _) => WriteJson(parse.GetValue(json), await DurableIngestSuite.Run(new DurableIngestSuite.Settings(
    parse.GetValue(connection) ?? throw new ArgumentException("--connection is required"), parse.GetValue(callers), parse.GetValue(ratioConversations),
    parse.GetValue(phaseSeconds), parse.GetRequiredValue(pgbenchClients).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray(),
    parse.GetValue(writers), parse.GetValue(maxBatch), parse.GetValue(withMemory), parse.GetValue(replyChains)), Console.Out)));

var dumpBefore = new Argument<FileInfo>("before") { Description = "gcdump taken before the phase" };
var dumpAfter = new Argument<FileInfo>("after") { Description = "gcdump taken after it" };
var dumpItems = new Option<int>("--items") { Description = "Items the phase added (the growth is shown per item)", DefaultValueFactory = _ => 1 };
var dumpTop = new Option<int>("--top") { Description = "How many types to show", DefaultValueFactory = _ => 30 };
var gcdumpDiffCommand = new Command("gcdump-diff", "Heap growth by type between two dotnet-gcdump files (as the memory suite reports it), per item")
{
    dumpBefore, dumpAfter, dumpItems, dumpTop, json,
};
gcdumpDiffCommand.SetAction(parse => WriteJson(parse.GetValue(json), GcDumpReport.Difference(parse.GetRequiredValue(dumpBefore).FullName,
    parse.GetRequiredValue(dumpAfter).FullName, parse.GetValue(dumpItems), parse.GetValue(dumpTop), Console.Out)));

var traceFile = new Argument<FileInfo>("trace") { Description = "dotnet-trace file with the runtime's allocation ticks (keyword 0x1, level 5)" };
var stackPattern = new Option<string?>("--stacks") { Description = "Also print the five heaviest whole stacks with a frame matching this regex" };
var allocationsCommand = new Command("allocations", "Bytes allocated per item by type and by allocating frame, from another process's trace")
{
    traceFile, dumpItems, dumpTop, stackPattern, json,
};
allocationsCommand.SetAction(parse => WriteJson(parse.GetValue(json), TraceAllocations.Read(parse.GetRequiredValue(traceFile).FullName,
    parse.GetValue(dumpItems), parse.GetValue(dumpTop), parse.GetValue(stackPattern), Console.Out)));

var microCommand = new Command("micro", "BenchmarkDotNet over hot pure code, in this process; arguments after it go to BenchmarkDotNet (e.g. --filter '*Window*')")
{
    TreatUnmatchedTokensAsErrors = false,
};
microCommand.SetAction(parse => MicroBenchmarks.Run([.. parse.UnmatchedTokens]));

var root = new RootCommand("Engine benchmarks: each suite measures the engine together with its baseline in one run.")
{
    lengthCommand, riskReportCommand, scoringCommand, listeningCommand, deliveryCommand, feedCommand, realtimeCommand, ratioCommand, memoryCommand,
    durableCommand, gcdumpDiffCommand, allocationsCommand, microCommand,
};
return await root.Parse(args).InvokeAsync();

static async Task WriteJsonAsync(FileInfo? file, object result)
{
    if (file is not null)
        await File.WriteAllTextAsync(file.FullName, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
}

static int WriteJson(FileInfo? file, object result)
{
    if (file is not null)
        File.WriteAllText(file.FullName, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
    return 0;
}
