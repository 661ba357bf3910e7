namespace Engine.Tests.Tools;

using System.Diagnostics;
using Engine.Tests.Postgres;

/// <summary>
/// Prometheus' promtool, from <c>ENGINE_TEST_PROMTOOL</c>, the repository's <c>.tools/</c> (filled by
/// <c>scripts/promtool.sh</c>) or the PATH.
/// </summary>
public static class Promtool
{
    public static string? Path { get; } = Find();

    public static string? UnavailableReason => Path is null
        ? "promtool not found: run scripts/promtool.sh or set ENGINE_TEST_PROMTOOL." : null;

    /// <summary>Runs <c>promtool check metrics</c> on a scrape; returns its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetrics(string scrape)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(UnavailableReason), "check metrics")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static string? Find()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("ENGINE_TEST_PROMTOOL"),
            System.IO.Path.Combine(RepositoryPaths.Root, ".tools", "promtool"),
        }.Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => System.IO.Path.Combine(dir, "promtool")));
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }
}

/// <summary>A fact that needs promtool: skipped without it, except under CI=true where it fails with the reason.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (Promtool.UnavailableReason is { } reason && !PostgresServer.MustRun)
            Skip = reason;
    }
}
