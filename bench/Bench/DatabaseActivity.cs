namespace Engine.Bench;

using System.Globalization;
using Npgsql;

/// <summary>
/// What the database did over a phase, from PostgreSQL's own counters: committed transactions, rows written per
/// table, WAL bytes, and the CPU time of the server's processes (postmaster and its children, from /proc).
/// </summary>
public sealed record DatabaseActivity(long Commits, IReadOnlyDictionary<string, long> RowsWritten, long WalBytes, double ServerCpuSeconds)
{
    public static async Task<DatabaseActivity> Read(string connection)
    {
        // An idle backend reports its counters to the statistics system within 10 seconds (PostgreSQL 15).
        await Task.Delay(TimeSpan.FromSeconds(11));
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("""
            SELECT 'xact_commit', xact_commit FROM pg_stat_database WHERE datname = current_database()
            UNION ALL SELECT 'wal', pg_current_wal_lsn() - '0/0'::pg_lsn
            UNION ALL SELECT 'dir:' || current_setting('data_directory'), 0
            UNION ALL SELECT 'rows:' || relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables
            """);
        var (commits, wal, directory, rows) = (0L, 0L, "", new Dictionary<string, long>());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var (key, value) = (reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
            if (key == "xact_commit") commits = value;
            else if (key == "wal") wal = value;
            else if (key.StartsWith("dir:", StringComparison.Ordinal)) directory = key[4..];
            else rows[key[5..]] = value;
        }
        return new DatabaseActivity(commits, rows, wal, ServerCpu(directory));
    }

    public static async Task<string> DataDirectory(string connection)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        await using var command = dataSource.CreateCommand("SELECT current_setting('data_directory')");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public DatabaseActivity Since(DatabaseActivity before) => new(
        Commits - before.Commits,
        RowsWritten.Select(r => (r.Key, Rows: r.Value - before.RowsWritten.GetValueOrDefault(r.Key))).Where(r => r.Rows > 0)
            .OrderByDescending(r => r.Rows).ToDictionary(r => r.Key, r => r.Rows),
        WalBytes - before.WalBytes,
        ServerCpuSeconds - before.ServerCpuSeconds);

    /// <summary>
    /// utime + stime of the postmaster and its living children, plus cutime + cstime of the postmaster: the CPU of
    /// every backend that has exited (and been reaped) so far, such as pgbench's sessions.
    /// </summary>
    public static double ServerCpu(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return double.NaN;
        var postmaster = File.ReadLines(pidFile).First().Trim();
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command's closing parenthesis: state is field 3, ppid 4, utime 14, stime 15.
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                var isPostmaster = Path.GetFileName(dir) == postmaster;
                if (isPostmaster || fields[1] == postmaster)
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (isPostmaster)
                    ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return ticks / 100.0;
    }
}
