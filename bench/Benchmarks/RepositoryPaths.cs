namespace Benchmarks;

/// <summary>Where the repository is, found from the build output or the working folder (whichever is inside it).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Find(AppContext.BaseDirectory) ?? Find(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;

    /// <summary>bench/results: the committed figures of the last full run.</summary>
    public static string Results => Path.Combine(Root, "bench", "results");

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hexagonal.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
