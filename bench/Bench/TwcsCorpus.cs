namespace Engine.Bench;

using Engine.Replay;

/// <summary>The twcs slice in <c>../shared/data</c> beside the repository, found from the working directory.</summary>
public static class TwcsCorpus
{
    public static string DefaultPath()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "twcs", "twcs-head5000.csv"));
        throw new InvalidOperationException("Run from inside the repository, or pass --corpus.");
    }

    public static IReadOnlyList<TwcsTweet> Read(string? path) => TwcsReader.ReadFile(path ?? DefaultPath());
}
