namespace Engine.Tests.Failover;

using System.Diagnostics;
using System.Reflection;

/// <summary>
/// A built engine program (Engine.Silo.dll or Engine.Gateway.dll) run as its own process, as deployed. Its output
/// goes to a log file so a failure can quote it; disposing always kills it, whatever state the test left it in.
/// </summary>
public sealed class ChildProgram : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    private ChildProgram(string name, Process process, string logPath, StreamWriter log)
    {
        Name = name;
        this.process = process;
        LogPath = logPath;
        this.log = log;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }
    public string LogPath { get; }
    public int Id => process.Id;
    public bool HasExited => process.HasExited;

    public static string SiloDll => ProgramPath("SiloProgram");
    public static string GatewayDll => ProgramPath("GatewayProgram");

    public static ChildProgram Start(string name, string dll, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The Gateway finds its appsettings.json in the working directory, the Silo beside its dll.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var logPath = Path.Combine(logFolder, $"{name}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        return new ChildProgram(name, Process.Start(start)!, logPath, log);
    }

    /// <summary>SIGKILL: the process gets no chance to leave the cluster or finish anything.</summary>
    public void KillAbruptly()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as systemd or a container runtime stops a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()])!;
        kill.WaitForExit();
    }

    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The last lines of the program's output, for assertion messages.</summary>
    public string Tail(int lines = 40)
    {
        lock (log)
        {
            try
            {
                using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                var all = reader.ReadToEnd().Split('\n');
                return $"--- {Name} (pid {process.Id}, {LogPath}) ---\n" + string.Join('\n', all.TakeLast(lines));
            }
            catch (IOException e)
            {
                return $"--- {Name}: log unreadable ({e.Message}) ---";
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        process.Dispose();
        lock (log) log.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (log)
        {
            // When each line came, so a run's timeline (a process's start, its first answer) can be read off the logs.
            try { log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"); }
            catch (ObjectDisposedException) { } // output still draining after Dispose
        }
    }

    private static string ProgramPath(string key)
    {
        var path = typeof(ChildProgram).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
        path = Path.GetFullPath(path.Replace('\\', Path.DirectorySeparatorChar));
        return File.Exists(path) ? path : throw new FileNotFoundException($"{key} is not built at {path}.");
    }
}
