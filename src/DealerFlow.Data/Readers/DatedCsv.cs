using System.Text;

namespace DealerFlow.Data.Readers;

/// <summary>
/// The reader core shared by the dated CSV files (<see cref="PriceReader"/>, <see cref="GexSeriesReader"/>): reading the
/// file with a message naming it and what it should be, and finding the header (the first non-blank line, BOM removed,
/// cells trimmed and lower-cased). Rows stay with each reader.
/// </summary>
internal static class DatedCsv
{
    /// <summary>The text of <paramref name="path"/>; a <see cref="PriceReadException"/> "Cannot read {what} '{path}': ..." when it is missing or unreadable.</summary>
    public static string ReadText(string path, string what)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new PriceReadException($"Cannot read {what} '{path}': the file does not exist.");
        try
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }
        catch (IOException e)
        {
            throw new PriceReadException($"Cannot read {what} '{path}': {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new PriceReadException($"Cannot read {what} '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// The lines of <paramref name="text"/>, the index of the header line and its cells (trimmed, lower case); a
    /// <see cref="PriceReadException"/> "Cannot read {what} '{name}': the file is empty." when every line is blank.
    /// </summary>
    public static (string[] Lines, int HeaderLine, string[] Header) Header(string text, string name, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var headerLine = Array.FindIndex(lines, l => l.Trim().Length > 0);
        if (headerLine < 0) throw new PriceReadException($"Cannot read {what} '{name}': the file is empty.");
        var header = PriceReader.Split(lines[headerLine].TrimStart('\uFEFF')).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        return (lines, headerLine, header);
    }
}
