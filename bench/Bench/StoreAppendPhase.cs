namespace Engine.Bench;

using System.Diagnostics;
using Engine.Conversations;
using Engine.Persistence;
using Engine.Persistence.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

/// <summary>
/// The PostgreSQL conversation store alone, without grains: callers append one message at a time to conversations
/// of their own, each append naming the version it extends, as conversation grains do. Shows what the persistence
/// layer allows (group commit off and on) apart from the grain path's CPU cost.
/// </summary>
public static class StoreAppendPhase
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public sealed record Result(string Name, long Appends, double Seconds, Latencies Latencies, DatabaseActivity Database,
        long? Batches, long? BatchedAppends, double ClientCpuSeconds)
    {
        public double PerSecond => Appends / Seconds;

        public string Line =>
            $"{Name,-52} {PerSecond,10:N0}/s   p50 {Latencies.Median / 1000,7:0.00} ms   p99 {Latencies.P99 / 1000,7:0.00} ms" +
            $"   {Database.Commits / (double)Appends:0.000} xact/append" +
            (Batches is > 0 ? $"   {BatchedAppends / (double)Batches:0.0} appends/batch" : "") +
            $"   cpu/append: client {ClientCpuSeconds * 1e6 / Appends:N0} µs, postgres {Database.ServerCpuSeconds * 1e6 / Appends:N0} µs";

        public object ToJson() => new
        {
            name = Name, appends = Appends, seconds = Seconds, per_second = PerSecond, latency = Latencies.ToJson(),
            transactions = Database.Commits, transactions_per_append = Database.Commits / (double)Appends,
            store_batches = Batches, appends_per_batch = Batches is > 0 ? BatchedAppends / (double)Batches : null,
            client_cpu_us_per_append = ClientCpuSeconds * 1e6 / Appends, postgres_cpu_us_per_append = Database.ServerCpuSeconds * 1e6 / Appends,
            wal_bytes_per_append = Database.WalBytes / (double)Appends,
        };
    }

    /// <param name="indexRows">Each append carries its message's index row, as a conversation grain's does; false
    /// measures the append without it, for the row's cost.</param>
    public static async Task<Result> Run(string name, string connection, PostgresStoreOptions options, int callers, int conversations, double seconds,
        bool indexRows = true)
    {
        // As the silo's own pool: no DISCARD ALL on return, 20 connections.
        var builder = new NpgsqlConnectionStringBuilder(connection) { NoResetOnClose = true, MaxPoolSize = 20, ApplicationName = "bench-store" };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using var writer = options.GroupCommit ? new GroupCommitWriter(dataSource, options) : null;
        var payloads = StoredPayloads.Standalone;
        var store = new PostgresConversationStore(dataSource, payloads, writer);
        var tenant = $"store-{Guid.NewGuid():N}"[..14];

        // Each caller owns the conversations caller, caller + callers, ...: one append at a time per conversation.
        var perCaller = Math.Max(1, conversations / callers);
        var ids = Enumerable.Range(0, perCaller * callers).Select(_ => Guid.NewGuid()).ToArray();
        var versions = new long[ids.Length];
        var summaries = new ConversationSummary[ids.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = callers }, async (c, _) =>
        {
            var state = new ConversationState(ids[c]);
            List<ConversationEvent> events =
            [
                new ConversationStarted(T0, tenant, Guid.NewGuid(), null),
                new ThreadOpened(T0, 1, ChannelKind.X, Visibility.Public, $"thread-{c}"),
                Message(c, 0),
            ];
            var rows = MessageIndex.Fold(state, events);
            summaries[c] = ConversationProjection.Summary(state);
            await store.Append(ids[c], 0, events, summaries[c], rows, CancellationToken.None);
            versions[c] = events.Count;
        });

        var before = await DatabaseActivity.Read(connection);
        var (batchesBefore, appendsBefore) = (writer?.Batches, writer?.Appends);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var loop = await ClosedLoop.Run(name, callers, seconds, async (caller, n) =>
        {
            var c = caller + callers * (n % perCaller);
            var message = Message(c, versions[c]);
            var summary = summaries[c] with { MessageCount = summaries[c].MessageCount + 1, UpdatedAt = message.At, LastMessagePreview = message.Text };
            IndexedMessage[] index = indexRows ? [new IndexedMessage(ChannelKind.X, message.PlatformMessageId, $"thread-{c}")] : [];
            await store.Append(ids[c], versions[c], [message], summary, index, CancellationToken.None);
            (versions[c], summaries[c]) = (versions[c] + 1, summary);
        });
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var (batches, batched) = (writer?.Batches - batchesBefore, writer?.Appends - appendsBefore);
        var database = (await DatabaseActivity.Read(connection)).Since(before);
        return new Result(name, loop.Calls, loop.Seconds, loop.Latencies, database, batches, batched, clientCpu);
    }

    private static MessageAdded Message(int conversation, long position) =>
        new(T0.AddSeconds(position), 1, $"r{conversation}-{position}", new MessageAuthor(AuthorKind.Customer, $"x:{conversation}"),
            "My order #1234 has not arrived and nobody answers", T0.AddSeconds(position), null, []);
}
