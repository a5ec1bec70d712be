using System.Globalization;
using DealerFlow.Core.Pricing;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Positions;

/// <summary>
/// Reads a dividend schedule: a CSV with a header naming <c>symbol</c>, <c>ex-date</c> (or <c>ex_date</c>, <c>exdate</c>;
/// yyyy-MM-dd) and <c>amount</c> ($ per share), in any order; blank lines and lines starting with '#' skipped.
/// Every bad row is reported (line, field, reason); nothing is applied when any row is bad.
/// </summary>
public static class DividendScheduleReader
{
    /// <summary>The dividend schedule in the file at <paramref name="path"/> (see the type's summary for the format).</summary>
    /// <exception cref="ChainReadException">The file cannot be read, has no header with the three columns, is empty, or has any bad row (symbol empty, ex-date not yyyy-MM-dd, amount not a positive number); the message names the file and up to five bad rows by line and field.</exception>
    public static DividendSchedule Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChainReadException($"Cannot read the dividend schedule '{path}': {e.Message}");
        }
        var name = Path.GetFileName(path);
        int symbolCol = -1, dateCol = -1, amountCol = -1;
        var header = false;
        var rows = new List<Dividend>();
        var errors = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',').Select(c => c.Trim().Trim('"')).ToArray();
            if (!header)
            {
                header = true;
                for (var c = 0; c < cells.Length; c++)
                {
                    var h = cells[c].ToLowerInvariant();
                    if (h == "symbol") symbolCol = c;
                    if (h is "ex-date" or "ex_date" or "exdate") dateCol = c;
                    if (h == "amount") amountCol = c;
                }
                if (symbolCol < 0 || dateCol < 0 || amountCol < 0)
                    throw new ChainReadException($"The dividend schedule '{name}' needs a header line with the columns 'symbol', 'ex-date' and 'amount'; line {i + 1} reads '{line}'.");
                continue;
            }
            var need = Math.Max(symbolCol, Math.Max(dateCol, amountCol)) + 1;
            if (cells.Length < need) { errors.Add($"line {i + 1}: expected {need} columns, found {cells.Length}"); continue; }
            if (cells[symbolCol].Length == 0) { errors.Add($"line {i + 1}, field symbol: empty"); continue; }
            if (!DateOnly.TryParseExact(cells[dateCol], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            { errors.Add($"line {i + 1}, field ex-date: '{cells[dateCol]}' is not a date such as 2025-09-22"); continue; }
            if (!double.TryParse(cells[amountCol], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount <= 0)
            { errors.Add($"line {i + 1}, field amount: '{cells[amountCol]}' is not a positive amount per share"); continue; }
            rows.Add(new Dividend(cells[symbolCol], date, amount));
        }
        if (errors.Count > 0)
            throw new ChainReadException($"The dividend schedule '{name}' has {errors.Count} bad row(s); nothing was applied. {string.Join("; ", errors.Take(5))}.");
        if (!header)
            throw new ChainReadException($"The dividend schedule '{name}' is empty; it needs a header 'symbol,ex-date,amount' and one row per dividend.");
        return new DividendSchedule(rows);
    }
}
