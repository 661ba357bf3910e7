namespace Engine.Bench;

using System.Diagnostics;
using System.Globalization;
using Engine.Conversations;
using Engine.Persistence.Postgres;
using Engine.Silo.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

/// <summary>
/// Issue 9, suite 3: durable ingest on PostgreSQL against pgbench on the same server in the same run. pgbench runs a
/// single-row INSERT per transaction at several client counts (before and after the engine, to bracket drift); then
/// an in-process production silo takes inbound messages through <c>IInboundGrain</c> into already active
/// conversations from the same number of callers, with group commit off and on, and (for the grain path's own
/// ceiling) once on the memory store. Before the engine, the store alone (<see cref="StoreAppendPhase"/>) shows what
/// the persistence layer allows without the grains' CPU cost. Database transactions per message come from <c>pg_stat_database</c>.
/// </summary>
public static class DurableIngestSuite
{
    public sealed record Settings(string Connection, int Callers, int Conversations, double Seconds, int[] PgbenchClients,
        int Writers, int MaxBatch, bool Memory, bool ReplyChains = false);

    public static async Task<object> Run(Settings s, TextWriter output)
    {
        await new SchemaMigrator(s.Connection).MigrateAsync();
        await Pgbench.Prepare(s.Connection);
        var durability = await Durability(s.Connection);
        output.WriteLine($"postgres fsync / synchronous_commit / full_page_writes: {durability}; load {LoadAverage()}");

        var before = new List<Pgbench.Result>();
        foreach (var clients in s.PgbenchClients.Append(s.Callers).Distinct().Order())
        {
            before.Add(await Pgbench.Run(s.Connection, clients, s.Seconds));
            output.WriteLine(PgbenchLine($"pgbench single-row INSERT, {clients} clients", before[^1]));
        }

        // Low load: one caller, so every write carries one append; group commit must not make it slower.
        var loneOff = await StoreAppendPhase.Run("store alone, 1 caller, group commit off", s.Connection, new PostgresStoreOptions { GroupCommit = false },
            1, 100, s.Seconds);
        output.WriteLine(loneOff.Line);
        var loneOn = await StoreAppendPhase.Run("store alone, 1 caller, group commit on", s.Connection,
            new PostgresStoreOptions { GroupCommit = true, Writers = s.Writers, MaxBatch = s.MaxBatch }, 1, 100, s.Seconds);
        output.WriteLine(loneOn.Line);
        var storeOff = await StoreAppendPhase.Run("store alone, group commit off", s.Connection, new PostgresStoreOptions { GroupCommit = false },
            s.Callers, s.Conversations, s.Seconds);
        output.WriteLine(storeOff.Line);
        var storeOn = await StoreAppendPhase.Run("store alone, group commit on", s.Connection,
            new PostgresStoreOptions { GroupCommit = true, Writers = s.Writers, MaxBatch = s.MaxBatch }, s.Callers, s.Conversations, s.Seconds);
        output.WriteLine(storeOn.Line);
        // The same phase without the message index rows, in the same run: what the row costs the store.
        var storeOnBare = await StoreAppendPhase.Run("store alone, group commit on, no index rows", s.Connection,
            new PostgresStoreOptions { GroupCommit = true, Writers = s.Writers, MaxBatch = s.MaxBatch }, s.Callers, s.Conversations, s.Seconds,
            indexRows: false);
        output.WriteLine(storeOnBare.Line);

        EngineResult? memory = null;
        if (s.Memory)
        {
            memory = await Engine("engine, memory store", "memory", null, [], s);
            output.WriteLine(memory.Line);
        }
        var off = await Engine("engine, PostgreSQL, group commit off", "postgres", s.Connection,
            new() { ["Storage:Postgres:GroupCommit"] = "false" }, s);
        output.WriteLine(off.Line);
        var on = await Engine("engine, PostgreSQL, group commit on", "postgres", s.Connection, new()
        {
            ["Storage:Postgres:GroupCommit"] = "true",
            ["Storage:Postgres:Writers"] = s.Writers.ToString(CultureInfo.InvariantCulture),
            ["Storage:Postgres:MaxBatch"] = s.MaxBatch.ToString(CultureInfo.InvariantCulture),
        }, s);
        output.WriteLine(on.Line);

        var after = await Pgbench.Run(s.Connection, s.Callers, s.Seconds);
        output.WriteLine(PgbenchLine($"pgbench single-row INSERT, {s.Callers} clients (after)", after));

        var sameClients = (before.Single(r => r.Clients == s.Callers).Tps + after.Tps) / 2;
        var peak = before.Append(after).Max(r => r.Tps);
        output.WriteLine($"group commit on / pgbench at {s.Callers} clients (mean of before and after) = {on.PerSecond / sameClients:0.00}x; " +
            $"/ pgbench peak = {on.PerSecond / peak:0.00}x; off / pgbench = {off.PerSecond / sameClients:0.00}x");
        output.WriteLine($"store alone: group commit on / pgbench at {s.Callers} clients = {storeOn.PerSecond / sameClients:0.00}x; " +
            $"/ pgbench peak = {storeOn.PerSecond / peak:0.00}x; off / pgbench = {storeOff.PerSecond / sameClients:0.00}x; load {LoadAverage()}");
        return new
        {
            callers = s.Callers, conversations = s.Conversations, seconds = s.Seconds, writers = s.Writers, max_batch = s.MaxBatch,
            durability,
            pgbench = before.Select(r => r.ToJson()).ToList(),
            pgbench_after = after.ToJson(),
            store = new[] { loneOff, loneOn, storeOff, storeOn, storeOnBare }.Select(r => r.ToJson()).ToList(),
            ratio_store_on_vs_pgbench_same_clients = storeOn.PerSecond / sameClients,
            ratio_store_on_vs_pgbench_peak = storeOn.PerSecond / peak,
            ratio_store_off_vs_pgbench_same_clients = storeOff.PerSecond / sameClients,
            engine = new[] { memory, off, on }.Where(e => e is not null).Select(e => e!.ToJson()).ToList(),
            ratio_on_vs_pgbench_same_clients = on.PerSecond / sameClients,
            ratio_on_vs_pgbench_peak = on.PerSecond / peak,
            ratio_off_vs_pgbench_same_clients = off.PerSecond / sameClients,
            load_average_end = LoadAverage(),
        };
    }

    private sealed record EngineResult(string Name, long Messages, double Seconds, Latencies Latencies, DatabaseActivity? Database,
        long? Batches, long? Appends, double EngineCpuSeconds, string Load)
    {
        public double PerSecond => Messages / Seconds;
        public long? Transactions => Database?.Commits;
        public double? TransactionsPerMessage => Transactions / (double)Messages;

        public string Line => DurableIngestSuite.Line(Name, PerSecond, Latencies) +
            (Transactions is { } t ? $"   {TransactionsPerMessage:0.000} xact/msg" : "") +
            (Batches is { } b && b > 0 ? $"   {Appends / (double)b:0.0} appends/batch" : "") +
            $"   cpu/msg: engine {EngineCpuSeconds * 1e6 / Messages:N0} µs" +
            (Database is { } d ? $", postgres {d.ServerCpuSeconds * 1e6 / Messages:N0} µs, WAL {d.WalBytes / (double)Messages:N0} B" +
                $"\n    rows written per message: {string.Join(", ", d.RowsWritten.Select(r => $"{r.Key} {r.Value / (double)Messages:0.00}"))}" : "");

        public object ToJson() => new
        {
            name = Name, messages = Messages, seconds = Seconds, per_second = PerSecond, latency = Latencies.ToJson(),
            transactions = Transactions, transactions_per_message = TransactionsPerMessage,
            store_batches = Batches, store_appends = Appends, appends_per_batch = Batches is > 0 ? Appends / (double)Batches : null,
            engine_cpu_us_per_message = EngineCpuSeconds * 1e6 / Messages,
            postgres_cpu_us_per_message = Database is { } d ? d.ServerCpuSeconds * 1e6 / Messages : (double?)null,
            wal_bytes_per_message = Database is { } w ? w.WalBytes / (double)Messages : (double?)null,
            rows_written_per_message = Database?.RowsWritten.ToDictionary(r => r.Key, r => r.Value / (double)Messages),
            load_average = Load,
        };
    }

    private static async Task<EngineResult> Engine(string name, string store, string? connection, Dictionary<string, string?> settings, Settings s)
    {
        var data = Path.Combine(Path.GetTempPath(), $"engine-bench-durable-{Guid.NewGuid():N}");
        settings["Dashboard:Enabled"] = "false";
        using var host = await BenchSilo.Start(store, connection, data, snapshotEvery: 100, settings);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var inbound = grains.GetGrain<IInboundGrain>(0);
        var tenant = $"durable-{Guid.NewGuid():N}"[..16];
        var start = DateTimeOffset.UtcNow.AddDays(-1);

        // Warm-up: every conversation exists and its grain is active before the phase is timed.
        var sequence = new long[s.Conversations];
        await Parallel.ForEachAsync(Enumerable.Range(0, s.Conversations), new ParallelOptions { MaxDegreeOfParallelism = s.Callers },
            async (c, _) => await inbound.Accept(Message(tenant, c, Interlocked.Increment(ref sequence[c]), start, s.ReplyChains)));

        var writer = settings.GetValueOrDefault("Storage:Postgres:GroupCommit") == "true" ? host.Services.GetRequiredService<GroupCommitWriter>() : null;
        var databaseBefore = connection is null ? null : await DatabaseActivity.Read(connection);
        var (batchesBefore, appendsBefore) = (writer?.Batches, writer?.Appends);
        var load = LoadAverage();

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var loop = await ClosedLoop.Run(name, s.Callers, s.Seconds, async (caller, n) =>
        {
            var c = (int)((caller + (long)n * s.Callers) % s.Conversations);
            await inbound.Accept(Message(tenant, c, Interlocked.Increment(ref sequence[c]), start, s.ReplyChains));
        });
        var engineCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var (batches, appends) = (writer?.Batches - batchesBefore, writer?.Appends - appendsBefore);
        var database = connection is null ? null : (await DatabaseActivity.Read(connection)).Since(databaseBefore!);

        await host.StopAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        return new EngineResult(name, loop.Calls, loop.Seconds, loop.Latencies, database, batches, appends, engineCpu, load);
    }

    /// <param name="replyChain">No thread key: the message answers the conversation's previous one (its first is a root),
    /// so the inbound path looks up the parent's thread, as for X Account Activity.</param>
    private static InboundMessage Message(string tenant, int conversation, long position, DateTimeOffset start, bool replyChain) =>
        new(tenant, ChannelKind.X, Visibility.Public, $"r{conversation}-{position}", new MessageAuthor(AuthorKind.Customer, $"x:{conversation}"),
            "My order #1234 has not arrived and nobody answers", start.AddMilliseconds(position), DateTimeOffset.UtcNow,
            replyChain ? null : $"thread-{conversation}", replyChain && position > 1 ? $"r{conversation}-{position - 1}" : null);

    private static string Line(string name, double perSecond, Latencies latencies) =>
        $"{name,-52} {perSecond,10:N0}/s   p50 {latencies.Median / 1000,7:0.00} ms   p99 {latencies.P99 / 1000,7:0.00} ms";

    private static string PgbenchLine(string name, Pgbench.Result r) => Line(name, r.Tps, r.Latencies) +
        $"   cpu/tx: pgbench {r.ClientCpuMicrosPerTransaction:N0} µs, postgres {r.ServerCpuMicrosPerTransaction:N0} µs";

    private static async Task<string> Durability(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand(
            "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
