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
        var rows = new List<Dividend>();
        StrictCsv.Read(path, "dividend schedule", "dividend", Columns, cells =>
        {
            if (cells[0].Length == 0) return ("symbol", "empty");
            if (!DateOnly.TryParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return ("ex-date", $"'{cells[1]}' is not a date such as 2025-09-22");
            if (!double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount) || amount <= 0)
                return ("amount", $"'{cells[2]}' is not a positive amount per share");
            rows.Add(new Dividend(cells[0], date, amount));
            return null;
        });
        return new DividendSchedule(rows);
    }

    private static readonly StrictColumn[] Columns = [new("symbol", "symbol"), new("ex-date", "ex-date", "ex_date", "exdate"), new("amount", "amount")];
}
