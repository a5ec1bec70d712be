using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Positions;

/// <summary>A column of a <see cref="StrictCsv"/> file: its name in messages and the header names that select it (lower case).</summary>
internal sealed record StrictColumn(string Name, params string[] Headers);

/// <summary>
/// The small all-or-nothing CSV files that change the numbers (a positions overlay, a dividend schedule): a header naming
/// the columns in any order (matched without case or quotes; other columns ignored), blank lines and lines starting with
/// '#' skipped, cells trimmed and unquoted. Every bad row is reported (line, field, reason) and nothing is applied when
/// any row is bad.
/// </summary>
internal static class StrictCsv
{
    /// <summary>
    /// Reads the file at <paramref name="path"/> and hands each data row's cells, in the order of <paramref name="columns"/>,
    /// to <paramref name="row"/>, which keeps the row and returns null, or returns the field and reason it is bad.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="what">The file's kind in messages ("positions overlay").</param>
    /// <param name="rowNoun">What one row is, in the message for an empty file ("position").</param>
    /// <param name="columns">The columns the header must name; each by its name in messages.</param>
    /// <param name="row">Keeps a good row (its cells in the order of <paramref name="columns"/>) and returns null, or returns why it is bad.</param>
    /// <exception cref="ChainReadException">The file cannot be read, has no header with every column, has no header at all, or has a bad row; the message names the file and up to five bad rows by line and field.</exception>
    public static void Read(string path, string what, string rowNoun, IReadOnlyList<StrictColumn> columns, Func<string[], (string Field, string Reason)?> row)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChainReadException($"Cannot read the {what} '{path}': {e.Message}");
        }
        var name = Path.GetFileName(path);
        int[]? at = null;
        var errors = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (at is null)
            {
                at = columns.Select(col => Array.FindLastIndex(cells, h => col.Headers.Contains(h.ToLowerInvariant()))).ToArray();
                if (at.Contains(-1))
                    throw new ChainReadException($"The {what} '{name}' needs a header line with the columns {Names(columns)}; line {i + 1} reads '{line}'.");
                continue;
            }
            var need = at.Max() + 1;
            if (cells.Length < need) { errors.Add($"line {i + 1}: expected {need} columns, found {cells.Length}"); continue; }
            if (row(at.Select(c => cells[c]).ToArray()) is { } bad) errors.Add($"line {i + 1}, field {bad.Field}: {bad.Reason}");
        }
        if (errors.Count > 0)
            throw new ChainReadException($"The {what} '{name}' has {errors.Count} bad row(s); nothing was applied. {string.Join("; ", errors.Take(5))}.");
        if (at is null)
            throw new ChainReadException($"The {what} '{name}' is empty; it needs a header '{string.Join(',', columns.Select(c => c.Name))}' and one row per {rowNoun}.");
    }

    private static string Names(IReadOnlyList<StrictColumn> columns) =>
        string.Join(", ", columns.Take(columns.Count - 1).Select(c => $"'{c.Name}'")) + $" and '{columns[^1].Name}'";
}
