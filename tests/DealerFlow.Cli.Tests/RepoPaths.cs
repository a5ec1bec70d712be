namespace DealerFlow.Cli.Tests;

/// <summary>Finds the repository root (the folder holding DealerFlow.slnx) and the shared real chains beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    public static string Data(string name) => Path.Combine(SharedData, name);

    public static IEnumerable<string> AllChains() =>
        Directory.EnumerateFiles(SharedData, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DealerFlow.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("DealerFlow.slnx not found above " + AppContext.BaseDirectory);
    }
}
