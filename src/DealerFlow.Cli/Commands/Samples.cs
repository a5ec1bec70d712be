namespace DealerFlow.Cli.Commands;

/// <summary>The sample chain shipped next to the executable, used when no file is given.</summary>
internal static class Samples
{
    public const string DefaultName = "spx_quotedata_2024-01-05.csv";

    public static string Default()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", DefaultName);
        return File.Exists(path) ? path : throw new InputException($"The bundled sample chain is missing at {path}; give a chain file instead.");
    }
}
