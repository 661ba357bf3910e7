namespace Engine.Tests;

/// <summary>Finds the repository root (the folder with Engine.sln) and the shared data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/data</c> next to the repository, where the real corpora live.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string TwcsCorpus => Path.Combine(SharedData, "twcs", "twcs-head5000.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No Engine.sln above {AppContext.BaseDirectory}.");
    }
}
