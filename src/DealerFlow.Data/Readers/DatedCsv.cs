using System.Globalization;
using System.Text;

namespace DealerFlow.Data.Readers;

/// <summary>
/// The reader core shared by the dated CSV files (<see cref="PriceReader"/>, <see cref="GexSeriesReader"/>): reading the
/// file with a message naming it and what it should be, finding the header (the first non-blank line, BOM removed,
/// cells trimmed and lower-cased) and, with <see cref="DatedRows{T}"/>, the walk over the dated rows. What a row holds stays with each reader.
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

/// <summary>
/// The rows of a dated CSV file as they are read: each non-blank line after the header with a valid ISO date, the problems
/// found (line, field, reason), one row per date (a repeated date is reported and the first row kept), and at the end the
/// rows oldest first, or a <see cref="PriceReadException"/> when no row is good.
/// </summary>
internal sealed class DatedRows<T>(string name, string what, Func<T, DateOnly> dateOf)
{
    private readonly List<T> _rows = [];
    private readonly HashSet<DateOnly> _seen = [];

    /// <summary>Every problem found so far, in line order.</summary>
    public List<ReadProblem> Problems { get; } = [];

    /// <summary>
    /// The non-blank lines after <paramref name="headerLine"/> whose column <paramref name="date"/> is a yyyy-MM-dd date: the
    /// 1-based line number, the trimmed cell of a column ("" past the end of the line) and the date. A line with a bad date is
    /// reported under <paramref name="dateField"/> and skipped.
    /// </summary>
    public IEnumerable<(int LineNo, Func<int, string> Cell, DateOnly Date)> Lines(string[] lines, int headerLine, int date, string dateField)
    {
        for (var i = headerLine + 1; i < lines.Length; i++)
        {
            var raw = lines[i].TrimEnd('\r');
            if (raw.Trim().Length == 0) continue;
            var cells = PriceReader.Split(raw);
            string Cell(int c) => c < cells.Count ? cells[c].Trim() : "";
            if (!DateOnly.TryParseExact(Cell(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Problems.Add(new ReadProblem(i + 1, dateField, $"'{Cell(date)}' is not an ISO date (yyyy-MM-dd)", true));
                continue;
            }
            yield return (i + 1, Cell, d);
        }
    }

    /// <summary>True for the first row of <paramref name="date"/>; false, with the problem reported under <paramref name="field"/>, for a repeat.</summary>
    public bool FirstOf(DateOnly date, int lineNo, string field)
    {
        if (_seen.Add(date)) return true;
        Problems.Add(new ReadProblem(lineNo, field, $"{date:yyyy-MM-dd} appears twice; the first row is kept", true));
        return false;
    }

    /// <summary>Keeps a good row.</summary>
    public void Add(T row) => _rows.Add(row);

    /// <summary>The good rows, oldest first; a <see cref="PriceReadException"/> "Cannot read {what} '{name}': ..." when there is none.</summary>
    public List<T> OldestFirst()
    {
        if (_rows.Count == 0)
        {
            var why = Problems.Count == 0 ? "it has a header but no rows" : $"all {Problems.Count} row(s) are bad, the first: {Problems[0]}";
            throw new PriceReadException($"Cannot read {what} '{name}': {why}.");
        }
        _rows.Sort((a, b) => dateOf(a).CompareTo(dateOf(b)));
        return _rows;
    }
}
