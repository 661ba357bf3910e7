// Routing benchmark: one in-process silo (memory storage), real grains end to end.
// Phase A: agents free, conversations arrive through the ingest path; measures enter-queue → offer-delivered.
// Phase B: a backlog waits with agents away; then agents work (accept every offer, resolve what they hold);
//          measures assignments/s and capacity-freed → next-offer latency.
using System.Diagnostics;
using Engine.Agents;
using Engine.Bench.Routing;
using Engine.Conversations;
using Engine.Hosting;
using Engine.Persistence;
using Engine.Persistence.Postgres;
using Engine.Persistence.Sqlite;
using Engine.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

var options = BenchOptions.Parse(args);
Console.WriteLine($"routing bench: {options}");
if (options.StoreProbe == 1)
{
    await RunStoreProbe();
    return;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
    // --sqlite 1: the embedded durable store (WAL, synchronous=FULL) in a fresh folder, so writes reach the disk.
    if (options.Sqlite == 1) silo.AddEngineSqlite(Path.Combine(Path.GetTempPath(), $"engine-bench-{Guid.NewGuid():N}"));
    silo.AddEngine();
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
using var recorder = new LatencyRecorder();
const string Tenant = "bench";

var routing = grains.GetGrain<ITenantRoutingGrain>(Tenant);
await routing.SetSettings(new TenantRoutingSettings("general", null, MaxMissedOffers: 0));
await routing.DefineQueue(QueueDefinition.Default("general") with { Partitions = options.Partitions, OfferTimeout = TimeSpan.FromMinutes(5) });

var agentIds = Enumerable.Range(0, options.Agents).Select(i => $"a{i:D5}").ToArray();
var clock = Stopwatch.StartNew();
await Parallel.ForEachAsync(agentIds, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
    await Agent(id).SetProfile(new AgentProfile(id, new Dictionary<string, int>(),
        new Dictionary<WorkKind, int> { [WorkKind.Social] = options.Capacity }, ["general"])));
Console.WriteLine($"registered {options.Agents} agents in {clock.Elapsed.TotalSeconds:F1} s");

// Phase A: agents available and working while conversations arrive.
await SetPresence(Presence.Available);
recorder.Take();
using (var work = new CancellationTokenSource())
{
    var working = Work(work.Token);
    clock.Restart();
    await Ingest(options.Steady, "steady");
    var ingested = clock.Elapsed;
    while (recorder.Assignments < options.Steady && clock.Elapsed < TimeSpan.FromMinutes(10)) await Task.Delay(200);
    var elapsed = clock.Elapsed;
    await work.CancelAsync();
    await working;
    var (delivered, _, assigned, _) = recorder.Take();
    Console.WriteLine($"phase A (steady): {options.Steady} conversations ingested in {ingested.TotalSeconds:F1} s " +
        $"({options.Steady / ingested.TotalSeconds:F0}/s); {assigned} assigned in {elapsed.TotalSeconds:F1} s ({assigned / elapsed.TotalSeconds:F0}/s)");
    Console.WriteLine($"  enter queue → offer delivered: {LatencyRecorder.Describe(delivered)}");
}

// Phase B: a backlog waits while agents are away, then agents work it down. With --direct 1 the backlog is put
// straight into the queue partitions as tickets of conversations that do not exist: the routing layer runs at full
// size (offer, reserve, accept, confirm) while the last step, the conversation's record, answers "not found" and
// the agent gives the room back. That isolates routing from the memory that 500,000 full conversations need.
await ResolveEverything();
await SetPresence(Presence.Away);
clock.Restart();
recorder.TakeWrites();
if (options.Direct == 1) await EnqueueDirect(options.Backlog); else await Ingest(options.Backlog, "backlog");
await WaitUntilQueued(options.Backlog);
Console.WriteLine($"phase B: {options.Backlog} waiting conversations {(options.Direct == 1 ? "enqueued directly" : "ingested")} and queued in {clock.Elapsed.TotalSeconds:F1} s " +
    $"({options.Backlog / clock.Elapsed.TotalSeconds:F0}/s), GC heap {GC.GetTotalMemory(true) / (1024 * 1024)} MiB");
Console.WriteLine($"  queue partition writes while filling (after the last milestone): {LatencyRecorder.Describe(recorder.TakeWrites(), 3)}");
recorder.Take();
using (var work = new CancellationTokenSource(TimeSpan.FromSeconds(options.WorkSeconds)))
{
    clock.Restart();
    var working = Work(work.Token);
    await SetPresence(Presence.Available);
    await working;
    var (delivered, refill, assigned, handOvers) = recorder.Take();
    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"phase B (backlog, agents working {seconds:F1} s): {handOvers} offers accepted and confirmed ({handOvers / seconds:F0}/s), " +
        $"{assigned} recorded as assigned on their conversation ({assigned / seconds:F0}/s)");
    Console.WriteLine($"  capacity freed → next offer delivered: {LatencyRecorder.Describe(refill)}");
    Console.WriteLine($"  enter queue → offer delivered (includes time waiting in the backlog): {LatencyRecorder.Describe(delivered)}");
}
var stats = QueueStats.Merge("general", await Task.WhenAll(Enumerable.Range(0, options.Partitions)
    .Select(p => grains.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, "general", p)).Stats())));
Console.WriteLine($"queue at the end: {stats.Waiting} waiting, {stats.Offered} offered, {stats.Assigned} assigned in total");
if (Environment.GetEnvironmentVariable("BENCH_DEBUG") is not null)
    foreach (var id in agentIds.Take(3))
    {
        var v = await Agent(id).Get();
        Console.WriteLine($"{id}: {v!.Presence} offers={v.Offers.Count} assignments={v.Assignments.Count} missed={v.MissedOffers}");
        foreach (var o in v.Offers)
        {
            var sw = Stopwatch.StartNew();
            var accept = Agent(id).Accept(o.OfferId);
            var done = await Task.WhenAny(accept, Task.Delay(5000));
            Console.WriteLine($"  accept {o.OfferId} p{o.Partition}: {(done == accept ? accept.Result?.ToString() ?? "ok" : "hung")} in {sw.ElapsedMilliseconds} ms");
        }
    }
await host.StopAsync();

// --store-probe 1: write cost against depth on the SQLite store, and on PostgreSQL when ENGINE_BENCH_POSTGRES names a
// migrated database; no silo.
async Task RunStoreProbe()
{
    var payloads = StoredPayloads.Standalone;
    int[] depths = [1_000, 100_000, options.Backlog];
    var folder = Path.Combine(Path.GetTempPath(), $"engine-probe-{Guid.NewGuid():N}");
    try
    {
        await QueueStoreProbe.Run(new SqliteQueueStore(new SqliteDatabase(folder), payloads), payloads, "sqlite", depths, 200);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
    if (Environment.GetEnvironmentVariable("ENGINE_BENCH_POSTGRES") is { Length: > 0 } postgres)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(postgres);
        await QueueStoreProbe.Run(new PostgresQueueStore(dataSource, payloads), payloads, "postgres", depths, 200);
    }
}

IAgentGrain Agent(string id) => grains.GetGrain<IAgentGrain>(AgentKeys.Agent(Tenant, id));

Task SetPresence(Presence presence) => Parallel.ForEachAsync(agentIds, new ParallelOptions { MaxDegreeOfParallelism = 64 },
    async (id, _) => await Agent(id).SetPresence(presence, "bench"));

async Task Ingest(int count, string prefix)
{
    var inbound = grains.GetGrain<IInboundGrain>(0);
    var now = DateTimeOffset.UtcNow;
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
        await inbound.Accept(new InboundMessage(Tenant, ChannelKind.X, Visibility.Public, $"{prefix}-{i}",
            new MessageAuthor(AuthorKind.Customer, $"x:{prefix}{i}"), "where is my parcel?", now, DateTimeOffset.UtcNow)));
}

async Task EnqueueDirect(int count)
{
    var now = DateTimeOffset.UtcNow;
    long enqueued = 0;
    // Write cost against queue depth: the writes since the previous milestone, printed at 1,000 and every tenth.
    var milestones = Enumerable.Range(1, 10).Select(i => (long)count * i / 10).Prepend(Math.Min(1_000, count)).ToHashSet();
    var fill = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
    {
        var id = Guid.NewGuid();
        var partition = grains.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, "general", QueueKeys.PartitionOf(id, options.Partitions)));
        await partition.Enqueue(new QueueTicket(id, Tenant, "general", Priority.Normal, null, now, WorkKind.Social, new Dictionary<string, int>(), []));
        var done = Interlocked.Increment(ref enqueued);
        if (milestones.Contains(done))
            Console.WriteLine($"  {done,7:N0} waiting after {fill.Elapsed.TotalSeconds,6:F1} s; " +
                $"partition writes since the previous mark: {LatencyRecorder.Describe(recorder.TakeWrites(), 3)}");
    });
}

async Task WaitUntilQueued(int count)
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < TimeSpan.FromMinutes(10))
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, options.Partitions)
            .Select(p => grains.GetGrain<IQueueGrain>(QueueKeys.Partition(Tenant, "general", p)).Stats()));
        if (parts.Sum(p => p.Waiting + p.Offered) >= count) return;
        await Task.Delay(500);
    }
}

// Agents at their desks: each sweep accepts every pending offer and resolves what each agent holds.
async Task Work(CancellationToken stop)
{
    while (!stop.IsCancellationRequested)
        await Parallel.ForEachAsync(agentIds, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (id, _) =>
        {
            if (stop.IsCancellationRequested) return;
            var view = await Agent(id).Get();
            foreach (var offer in view!.Offers) await Agent(id).Accept(offer.OfferId);
            foreach (var held in view.Assignments)
                await grains.GetGrain<IConversationGrain>(held.ConversationId).ChangeStatus(Tenant, new StatusChange(ConversationStatus.Resolved, id));
        });
}

async Task ResolveEverything()
{
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
    await Work(stop.Token);
}

internal sealed record BenchOptions(int Agents, int Backlog, int Steady, int Partitions, int Capacity, int WorkSeconds, int Concurrency, int SiloPort, int GatewayPort, int Direct, int Sqlite, int StoreProbe)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, int>
        {
            ["agents"] = 15_000, ["backlog"] = 500_000, ["steady"] = 20_000, ["partitions"] = 32, ["capacity"] = 2,
            ["work-seconds"] = 60, ["concurrency"] = 128, ["silo-port"] = 22_111, ["gateway-port"] = 22_112, ["direct"] = 0, ["sqlite"] = 0, ["store-probe"] = 0,
        };
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var key = args[i].TrimStart('-');
            if (!values.ContainsKey(key)) throw new ArgumentException($"Unknown option --{key}; known: {string.Join(", ", values.Keys.Select(k => "--" + k))}");
            values[key] = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }
        return new(values["agents"], values["backlog"], values["steady"], values["partitions"], values["capacity"],
            values["work-seconds"], values["concurrency"], values["silo-port"], values["gateway-port"], values["direct"], values["sqlite"], values["store-probe"]);
    }
}
