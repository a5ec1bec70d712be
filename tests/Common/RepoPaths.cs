namespace DealerFlow.Testing;

/// <summary>
/// Where the tests find the repository and its test data: the root is the folder holding DealerFlow.slnx above the
/// test assembly; the real chains, prices and series are in <c>tests/data</c> (see its README for provenance). One
/// copy, linked into every test project.
/// </summary>
internal static class RepoPaths
{
    /// <summary>The repository root (the folder holding DealerFlow.slnx).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The real data the tests use: <c>tests/data</c>.</summary>
    public static string TestData => Path.Combine(Root, "tests", "data");

    /// <summary>A file or folder under <c>tests/data</c>.</summary>
    public static string Data(string name) => Path.Combine(TestData, name);

    /// <summary>The SPX chain bundled with the CLI (the default of <c>levels</c>).</summary>
    public static string SpxSample => Path.Combine(Root, "src", "DealerFlow.Cli", "samples", "spx_quotedata_2024-01-05.csv");

    /// <summary>The SPY series the dashboard's demo replays.</summary>
    public static string SpySeries => Path.Combine(Root, "src", "DealerFlow.Web", "demo", "series_spy");

    /// <summary>The CBOE delayed-quotes JSON fixture of the SPX 2024-01-05 chain.</summary>
    public static string CboeSpxJson => Path.Combine(Root, "tests", "DealerFlow.Data.Tests", "TestData", "cboe_spx_2024-01-05.json");

    /// <summary>Every option chain in <c>tests/data</c> (CSV and JSON, the series included; prices excluded), in ordinal order.</summary>
    public static IEnumerable<string> AllChains() =>
        Directory.EnumerateFiles(TestData, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(TestData, f).StartsWith("prices", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".csv", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// The built <c>dealerflow.dll</c> for tests that run the command as a child process (<c>dotnet DLL ...</c>): next to
    /// the tests (a project that references the CLI gets it copied with its runtimeconfig) or in src/DealerFlow.Cli/bin
    /// in the tests' configuration (a project that references the CLI with ReferenceOutputAssembly=false, so it is
    /// built first).
    /// </summary>
    public static string CliDll()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "dealerflow.dll");
        if (File.Exists(here) && File.Exists(Path.Combine(AppContext.BaseDirectory, "dealerflow.runtimeconfig.json"))) return here;
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var built = Path.Combine(Root, "src", "DealerFlow.Cli", "bin", config, "net10.0", "dealerflow.dll");
        return File.Exists(built) ? built : throw new FileNotFoundException("dealerflow.dll is not built", built);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DealerFlow.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("DealerFlow.slnx not found above " + AppContext.BaseDirectory);
    }
}
