using System.Globalization;

namespace DealerFlow.Data.Readers;

/// <summary>One day of a published GEX series: the underlying's close and the publisher's total GEX (their unit), and DIX when given.</summary>
public sealed record GexSeriesRow(DateOnly Date, double Price, double Gex, double? Dix);

/// <summary>A GEX series read from a file, oldest first, and every row problem found (line, field, reason).</summary>
public sealed record GexSeriesReadResult(string Source, IReadOnlyList<GexSeriesRow> Rows, IReadOnlyList<ReadProblem> Problems);

/// <summary>
/// SqueezeMetrics' public <c>DIX.csv</c> (<c>date,price,dix,gex</c>; gex is their total dealer gamma in $ per 1-point
/// move under their convention, calls long and puts short): the header is found by name in any case, dates are ISO
/// (yyyy-MM-dd), <c>dix</c> is optional. A bad row (unparseable or missing date, price or gex, non-positive price,
/// duplicate date) is skipped and reported with its line, field and reason; nothing is read as 0.
/// </summary>
public static class GexSeriesReader
{
    /// <summary>The GEX series in the UTF-8 file at <paramref name="path"/>, oldest first, with every skipped row's problem (see <see cref="Parse"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="PriceReadException">The file does not exist or cannot be read, is empty, has no date, price and gex header, or has no good row.</exception>
    public static GexSeriesReadResult Read(string path) => Parse(DatedCsv.ReadText(path, "GEX series"), Path.GetFileName(path));

    /// <summary>Parses the text of a GEX series; <paramref name="name"/> appears in messages.</summary>
    public static GexSeriesReadResult Parse(string text, string name)
    {
        var (lines, headerLine, header) = DatedCsv.Header(text, name, "GEX series");
        var (date, price, gex, dix) = (Array.IndexOf(header, "date"), Array.IndexOf(header, "price"), Array.IndexOf(header, "gex"), Array.IndexOf(header, "dix"));
        var missing = new[] { ("date", date), ("price", price), ("gex", gex) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new PriceReadException($"Cannot read GEX series '{name}': line {headerLine + 1} is not a GEX series header (no {string.Join(", ", missing)} column; expected date,price,dix,gex as in SqueezeMetrics' DIX.csv).");
        }

        var rows = new DatedRows<GexSeriesRow>(name, "GEX series", r => r.Date);
        var problems = rows.Problems;
        foreach (var (lineNo, Cell, d) in rows.Lines(lines, headerLine, date, "date"))
        {
            double? Number(int c, string field)
            {
                var s = Cell(c);
                if (s.Length == 0) { problems.Add(new ReadProblem(lineNo, field, "missing value", true)); return null; }
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
                problems.Add(new ReadProblem(lineNo, field, $"'{s}' is not a number", true));
                return null;
            }
            var p = Number(price, "price");
            if (p is <= 0) { problems.Add(new ReadProblem(lineNo, "price", $"price {Cell(price)} is not positive", true)); continue; }
            var g = p is null ? null : Number(gex, "gex");
            if (p is not { } pv || g is not { } gv || !rows.FirstOf(d, lineNo, "date")) continue;
            double? dv = null;
            if (dix >= 0 && Cell(dix).Length > 0)
            {
                if (double.TryParse(Cell(dix), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)) dv = x;
                else problems.Add(new ReadProblem(lineNo, "dix", $"'{Cell(dix)}' is not a number; read as no value, the row is kept", false));
            }
            rows.Add(new GexSeriesRow(d, pv, gv, dv));
        }
        return new GexSeriesReadResult(name, rows.OldestFirst(), problems);
    }
}
