namespace Engine.Tests.Failover;

using System.Diagnostics;
using Engine.Tests.Postgres;
using Npgsql;

/// <summary>
/// A PostgreSQL server of this test class's own (initdb in a temporary folder, a free loopback port), with the
/// engine's schema applied. The chaos tests restart and pause it; doing that to the configured shared server would
/// break every other test running at the same time (CI runs the test projects in parallel), so they never touch it.
/// Needs the PostgreSQL binaries scripts/postgres.sh installs; as root the server runs as the postgres user.
/// </summary>
public sealed class PrivatePostgres : IAsyncLifetime
{
    private string? folder;
    private string? connectionString;

    public string ConnectionString => connectionString ?? throw new InvalidOperationException(
        PostgresServer.UnavailableReason ?? "The private PostgreSQL server did not start.");

    private string Data => Path.Combine(folder!, "data");

    public async Task InitializeAsync()
    {
        // Like every PostgreSQL test: skipped without a configured server, except under CI where it must run.
        if (PostgresServer.ConnectionString is null) return;
        var bin = Binaries() ?? throw new InvalidOperationException("PostgreSQL binaries not found under /usr/lib/postgresql; run scripts/postgres.sh once.");
        folder = Directory.CreateTempSubdirectory("engine-chaos-pg-").FullName;
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", "postgres:postgres", folder);
        var port = FreePorts.Next();
        await AsOwnerAsync(Path.Combine(bin, "initdb"), "-D", Data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(Path.Combine(Data, "postgresql.conf"),
            $"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\nmax_connections = 200\n" +
            "shared_buffers = 32MB\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\ntimezone = 'UTC'\n");
        await PgCtlAsync("start");

        var server = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE engine", admin);
            await create.ExecuteNonQueryAsync();
        }
        connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=engine";
        using var migrate = ChildProgram.Start("migrate", ChildProgram.SiloDll, ["migrate", "--connection", connectionString],
            new Dictionary<string, string>(), folder);
        var exitCode = await migrate.WaitForExitAsync(TimeSpan.FromMinutes(1));
        if (exitCode != 0)
            throw new InvalidOperationException($"migrate ended with {exitCode?.ToString() ?? "a timeout"}.\n{migrate.Tail()}");
    }

    /// <summary><c>pg_ctl restart -m fast</c>: every connection is cut, the server is back when this returns.</summary>
    public Task RestartAsync() => PgCtlAsync("restart", "-m", "fast");

    /// <summary>SIGSTOP to the postmaster and every backend, so connections hang rather than fail, for <paramref name="duration"/>; then SIGCONT.</summary>
    public async Task PauseAsync(TimeSpan duration)
    {
        var processes = ServerProcesses();
        await RunAsync("kill", ["-STOP", .. processes]);
        try { await Task.Delay(duration); }
        finally { await RunAsync("kill", ["-CONT", .. processes]); }
    }

    public async Task DisposeAsync()
    {
        if (folder is null) return;
        NpgsqlConnection.ClearAllPools();
        try { await PgCtlAsync("stop", "-m", "immediate"); }
        catch (InvalidOperationException) { } // already down: nothing to stop
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>The postmaster (first line of postmaster.pid) and its children, as pid strings.</summary>
    private List<string> ServerProcesses()
    {
        var postmaster = File.ReadLines(Path.Combine(Data, "postmaster.pid")).First().Trim();
        var children = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(pid => pid!.All(char.IsDigit))
            .Where(pid =>
            {
                try
                {
                    // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, so split after ')'.
                    var stat = File.ReadAllText($"/proc/{pid}/stat");
                    return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == postmaster;
                }
                catch (IOException) { return false; } // exited meanwhile
            })
            .Select(pid => pid!);
        return [postmaster, .. children];
    }

    private Task PgCtlAsync(params string[] arguments) =>
        AsOwnerAsync(Path.Combine(Binaries()!, "pg_ctl"), ["-D", Data, "-l", Path.Combine(folder!, "server.log"), "-w", "-t", "60", .. arguments]);

    // The server refuses to run as root, so root runs it as the postgres user, as scripts/postgres.sh does.
    private static Task AsOwnerAsync(string program, params string[] arguments) =>
        Environment.IsPrivilegedProcess ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await output}{await error}");
    }

    private static string? Binaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => b.Length).ThenBy(b => b).LastOrDefault()
            : null;
}
