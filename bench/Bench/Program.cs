using System.CommandLine;
using System.Text.Json;
using Engine.Bench;

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

var root = new RootCommand("Engine benchmarks: each suite measures the engine together with its baseline in one run.") { lengthCommand };
return await root.Parse(args).InvokeAsync();
