using System.Globalization;
using System.Text;
using DealerFlow.Core.Scorecard;

namespace DealerFlow.Data.Readers;

/// <summary>Daily bars read from a file, oldest first, and every row problem found (line, field, reason).</summary>
public sealed record PriceReadResult(string Source, IReadOnlyList<DailyBar> Bars, IReadOnlyList<ReadProblem> Problems);

/// <summary>The file could not be read as daily prices at all; the message names the file and what is wrong.</summary>
public sealed class PriceReadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Daily OHLC CSV files: the header is found by name in any case (<c>Date/Open/High/Low/Close</c> or <c>date/o/h/l/c</c>,
/// optional <c>Adj Close</c> and <c>Volume</c>), dates are ISO (yyyy-MM-dd), so Yahoo Finance and Stooq exports load as
/// they are. A bad row (unparseable or missing value, "null", non-positive price, high below low or outside open/close,
/// duplicate date) is skipped and reported with its line, field and reason; nothing is read as 0.
/// </summary>
public static class PriceReader
{
    private static readonly string[] DateNames = ["date"];
    private static readonly string[] OpenNames = ["open", "o"];
    private static readonly string[] HighNames = ["high", "h"];
    private static readonly string[] LowNames = ["low", "l"];
    private static readonly string[] CloseNames = ["close", "c"];
    private static readonly string[] AdjNames = ["adj close", "adj_close", "adjclose", "adjusted close"];
    private static readonly string[] VolumeNames = ["volume", "vol", "v"];

    /// <summary>The daily bars in the UTF-8 file at <paramref name="path"/>, oldest first, with every skipped row's problem (see <see cref="Parse"/>).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="PriceReadException">The file does not exist or cannot be read, is empty, has no daily-prices header, or has no good row.</exception>
    public static PriceReadResult Read(string path) => Parse(DatedCsv.ReadText(path, "prices"), Path.GetFileName(path));

    /// <summary>Parses the text of a prices file; <paramref name="name"/> appears in messages.</summary>
    public static PriceReadResult Parse(string text, string name)
    {
        var (lines, headerLine, header) = DatedCsv.Header(text, name, "prices");
        int Col(string[] names) => Array.FindIndex(header, h => names.Contains(h));
        var (date, open, high, low, close, adj, vol) = (Col(DateNames), Col(OpenNames), Col(HighNames), Col(LowNames), Col(CloseNames), Col(AdjNames), Col(VolumeNames));
        var missing = new[] { ("Date", date), ("Open", open), ("High", high), ("Low", low), ("Close", close) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new PriceReadException($"Cannot read prices '{name}': line {headerLine + 1} is not a daily prices header (no {string.Join(", ", missing)} column; "
                + "expected Date,Open,High,Low,Close or date,o,h,l,c, optional Adj Close and Volume).");
        }

        var bars = new DatedRows<DailyBar>(name, "prices", b => b.Date);
        var problems = bars.Problems;
        foreach (var (lineNo, Cell, d) in bars.Lines(lines, headerLine, date, header[date]))
        {
            double? Price(int c, string field)
            {
                var s = Cell(c);
                if (s.Length == 0) { problems.Add(new ReadProblem(lineNo, field, "missing value", true)); return null; }
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    problems.Add(new ReadProblem(lineNo, field, $"'{s}' is not a number", true));
                    return null;
                }
                if (v <= 0) { problems.Add(new ReadProblem(lineNo, field, $"price {s} is not positive", true)); return null; }
                return v;
            }
            var o = Price(open, header[open]);
            var h = o is null ? null : Price(high, header[high]);
            var l = h is null ? null : Price(low, header[low]);
            var cl = l is null ? null : Price(close, header[close]);
            if (o is not { } ov || h is not { } hv || l is not { } lv || cl is not { } cv) continue;
            if (hv < lv || hv < Math.Max(ov, cv) || lv > Math.Min(ov, cv))
            {
                problems.Add(new ReadProblem(lineNo, header[high] + "/" + header[low],
                    string.Create(CultureInfo.InvariantCulture, $"high {hv} and low {lv} do not contain open {ov} and close {cv}"), true));
                continue;
            }
            if (!bars.FirstOf(d, lineNo, header[date])) continue;
            double? Optional(int c)
            {
                if (c < 0) return null;
                var s = Cell(c);
                if (s.Length == 0) return null;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0) return v;
                problems.Add(new ReadProblem(lineNo, header[c], $"'{s}' is not a non-negative number; read as no value, the row is kept", false));
                return null;
            }
            bars.Add(new DailyBar(d, ov, hv, lv, cv, Optional(adj), Optional(vol)));
        }
        return new PriceReadResult(name, bars.OldestFirst(), problems);
    }

    /// <summary>Splits one CSV line at commas outside double quotes ("" is a quote inside quotes).</summary>
    internal static List<string> Split(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(ch);
            }
        }
        cells.Add(sb.ToString().TrimEnd('\r'));
        return cells;
    }
}
