using DealerFlow.Cli.Commands;

namespace DealerFlow.Cli.Output;

/// <summary>The chart formats a command can write; the file's extension decides which.</summary>
internal enum ChartFormat
{
    Svg,
    Png,
}

/// <summary>The one place that maps a --chart path to a format and writes the chart file.</summary>
internal static class ChartFile
{
    /// <summary>The format of <paramref name="path"/> from its extension; any other extension is a usage error naming the accepted ones.</summary>
    public static ChartFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => ChartFormat.Svg,
        ".png" => ChartFormat.Png,
        var ext => throw new UsageException($"--chart '{path}': the extension {(ext.Length == 0 ? "is missing" : $"'{ext}' is not supported")}; use .png or .svg (the extension decides the format)."),
    };

    /// <summary>Writes the chart in the format its extension names; a file that cannot be written is an input error naming it.</summary>
    public static void Write(string path, Func<string> svg, Action<string> png)
    {
        try
        {
            if (FormatOf(path) == ChartFormat.Svg) File.WriteAllText(path, svg());
            else png(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write the chart '{path}': {e.Message}");
        }
    }
}
