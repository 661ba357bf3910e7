namespace Engine.Bench;

using System.Diagnostics;
using System.Globalization;
using Npgsql;

/// <summary>
/// PostgreSQL's own load generator as the baseline of the durable suite: each transaction is one single-row INSERT
/// (a random key and a 200-byte payload into a table with a primary key, as an event row is), from the given number of
/// clients on the same server. Latencies come from pgbench's per-transaction log.
/// </summary>
public static class Pgbench
{
    public const string Table = "bench_pgbench_insert";

    private const string Script = $"""
        \set k random(1, 1000000000)
        INSERT INTO {Table} (k, payload) VALUES (:k, convert_to(repeat('x', 200), 'UTF8'));
        """;

    public sealed record Result(int Clients, double Seconds, long Transactions, double Tps, Latencies Latencies, double ClientCpuSeconds,
        double ServerCpuSeconds)
    {
        public double ClientCpuMicrosPerTransaction => ClientCpuSeconds * 1e6 / Transactions;
        public double ServerCpuMicrosPerTransaction => ServerCpuSeconds * 1e6 / Transactions;

        public object ToJson() => new
        {
            clients = Clients, seconds = Seconds, transactions = Transactions, tps = Tps, latency = Latencies.ToJson(),
            client_cpu_us_per_tx = ClientCpuMicrosPerTransaction, server_cpu_us_per_tx = ServerCpuMicrosPerTransaction,
        };
    }

    public static async Task Prepare(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var create = dataSource.CreateCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (id bigserial PRIMARY KEY, k bigint NOT NULL, payload bytea NOT NULL)");
        await create.ExecuteNonQueryAsync();
    }

    public static async Task<Result> Run(string connection, int clients, double seconds)
    {
        var work = Directory.CreateTempSubdirectory("engine-pgbench-");
        try
        {
            var script = Path.Combine(work.FullName, "insert.sql");
            await File.WriteAllTextAsync(script, Script);
            var c = new NpgsqlConnectionStringBuilder(connection);
            var start = new ProcessStartInfo("pgbench")
            {
                WorkingDirectory = work.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                "-h", c.Host!, "-p", c.Port.ToString(CultureInfo.InvariantCulture), "-U", c.Username!, "-n", "-M", "prepared",
                "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture),
                "-l", "--log-prefix", Path.Combine(work.FullName, "tx"), "-f", script, c.Database!,
            })
                start.ArgumentList.Add(arg);
            start.Environment["PGPASSWORD"] = c.Password;
            var dataDirectory = await DatabaseActivity.DataDirectory(connection);
            var (serverCpu, clientCpu) = (DatabaseActivity.ServerCpu(dataDirectory), ChildrenCpu());
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            (serverCpu, clientCpu) = (DatabaseActivity.ServerCpu(dataDirectory) - serverCpu, ChildrenCpu() - clientCpu);
            var output = await stdout;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {await stderr}{output}");

            var tps = double.Parse(Field(output, "tps = "), CultureInfo.InvariantCulture);
            var latencies = new Latencies($"pgbench, {clients} clients");
            // Log lines: client_id transaction_no time_us script_no time_epoch time_us_part.
            foreach (var log in Directory.GetFiles(work.FullName, "tx*"))
                foreach (var line in File.ReadLines(log))
                    latencies.AddMicros(double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture));
            return new Result(clients, Math.Ceiling(seconds), latencies.Count, tps, latencies, clientCpu, serverCpu);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>CPU time of this process's finished (reaped) children: cutime + cstime of /proc/self/stat.</summary>
    private static double ChildrenCpu()
    {
        var text = File.ReadAllText("/proc/self/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string Field(string output, string prefix)
    {
        var line = output.Split('\n').First(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line[prefix.Length..].Split(' ')[0];
    }
}
