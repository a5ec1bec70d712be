using System.Globalization;
using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>
/// CBOE delayed-quotes "quote table" CSV (docs/domain.md section 2): a preamble with the underlying's name and
/// <c>Last:</c> price, a <c>Date:</c> line, then a 22-column header starting <c>Expiration Date,Calls</c>
/// and one row per strike holding a call (columns 1-10) and a put (12-21), mapped by position.
/// </summary>
internal static class CboeCsvReader
{
    private const string Label = "CBOE quote-table CSV";

    /// <summary>A side's columns in the header's order, numbered from the side's symbol column (Calls or Puts).</summary>
    private enum SideColumn
    {
        Symbol,
        LastSale,
        Net,
        Bid,
        Ask,
        Volume,
        Iv,
        Delta,
        Gamma,
        OpenInterest,
    }

    /// <summary>The header's names of a side's columns after its symbol column, in <see cref="SideColumn"/> order.</summary>
    private static readonly string[] SideHeaders = ["Last Sale", "Net", "Bid", "Ask", "Volume", "IV", "Delta", "Gamma", "Open Interest"];

    // A row: Expiration Date, the call side, Strike, the put side.
    private const int SideWidth = (int)SideColumn.OpenInterest + 1;
    private const int CallSymbol = 1;
    private const int StrikeColumn = CallSymbol + SideWidth;
    private const int PutSymbol = StrikeColumn + 1;
    private const int ColumnCount = PutSymbol + SideWidth;

    /// <summary>
    /// One side of a row: its name in messages, its type, its symbol column (index and header) and, by column, the field
    /// its problems name ("Calls", "call Bid").
    /// </summary>
    private sealed record Side(string Name, OptionType Type, int Column, string Symbol)
    {
        private readonly string[] _fields = [Symbol, .. SideHeaders.Select(h => $"{Name} {h}")];

        public string this[SideColumn c] => _fields[(int)c];
    }

    private static readonly Side CallSide = new("call", OptionType.Call, CallSymbol, "Calls");
    private static readonly Side PutSide = new("put", OptionType.Put, PutSymbol, "Puts");

    public static bool IsHeader(ReadOnlySpan<byte> data, CsvFields f) =>
        f.Count >= 2
        && f.Get(data, 0).Trim((byte)' ').SequenceEqual("Expiration Date"u8)
        && f.Get(data, 1).Trim((byte)' ').SequenceEqual("Calls"u8);

    public static ChainReadResult Read(ReadOnlySpan<byte> data, string name, ReadOptions options)
    {
        var reader = new Utf8CsvReader(data);
        var f = new CsvFields();
        var spot = double.NaN;
        string? dateText = null;
        var dateLine = 0;
        var nonBlank = 0;
        var found = false;
        while (reader.Read(f, out var line))
        {
            if (f.IsBlank(data)) continue;
            nonBlank++;
            if (IsHeader(data, f))
            {
                found = true;
                CheckHeader(data, f, line, name);
                break;
            }
            for (var i = 0; i < f.Count; i++)
            {
                var cell = f.Get(data, i).Trim((byte)' ');
                if (double.IsNaN(spot) && cell.StartsWith("Last:"u8))
                {
                    if (Num.Parse(cell[5..], out var v) == NumStatus.Ok) spot = v;
                }
                else if (dateText is null && cell.StartsWith("Date:"u8))
                {
                    dateText = f.GetString(data, i)[5..].Trim();
                    dateLine = line;
                }
            }
            if (nonBlank >= 50 || reader.Position > ChainReader.DetectHeadBytes * 4) break;
        }
        if (!found)
        {
            throw new ChainReadException(
                $"'{name}' is not a {Label}: no header line starting 'Expiration Date,Calls' in its first lines; found {ChainReader.Describe(data)}.");
        }

        var ctx = new RowContext(Math.Max(64, data.Length / 70));
        DateTimeOffset? instant = null;
        if (dateText is not null)
        {
            if (TryParseDateLine(dateText, out var t, out var zoneGuessed))
            {
                instant = t;
                if (zoneGuessed)
                    ctx.Problem(dateLine, "Date", $"'{dateText}' names no EST/EDT zone; US/Eastern rules assumed");
            }
            else if (options.AsOf is null)
            {
                throw new ChainReadException(
                    $"'{name}' ({Label}): line {dateLine}: the date line is not in a known form " +
                    "(for example 'January 7, 2024 at 10:52 AM EST'); supply the snapshot time with ReadOptions.AsOf (--as-of).");
            }
        }

        var lastExpiryText = new byte[32];
        var lastExpiryLength = -1;
        DateOnly? lastExpiry = null;
        while (reader.Read(f, out var line))
        {
            if (f.IsBlank(data)) continue;
            ctx.Rows++;
            var n = f.CountIgnoringTrailingEmpty();
            if (n < ColumnCount)
            {
                var reason = RowContext.Inv($"row has {n} fields, expected {ColumnCount}");
                ctx.Problem(line, "row", reason + "; call not loaded", skipped: true);
                ctx.Problem(line, "row", reason + "; put not loaded", skipped: true);
                continue;
            }
            if (n > ColumnCount)
                ctx.Problem(line, "row", RowContext.Inv($"row has {n} fields, expected {ColumnCount}; the extra fields are ignored"));

            var strikeCell = f.Get(data, StrikeColumn);
            var strikeStatus = Num.Parse(strikeCell, out var strike);
            if (strikeStatus != NumStatus.Ok)
            {
                ctx.Problem(line, "Strike", RowContext.Describe(strikeCell, strikeStatus) + "; the symbols' strikes are used");
                strike = double.NaN;
            }

            var expiryCell = f.Get(data, 0).Trim((byte)' ');
            if (!expiryCell.SequenceEqual(lastExpiryText.AsSpan(0, Math.Max(0, lastExpiryLength))) || lastExpiryLength < 0)
            {
                lastExpiry = TryParseExpiry(expiryCell, out var e) ? e : null;
                if (expiryCell.Length <= lastExpiryText.Length)
                {
                    expiryCell.CopyTo(lastExpiryText);
                    lastExpiryLength = expiryCell.Length;
                }
                else
                {
                    lastExpiryLength = -1;
                }
                if (lastExpiry is null)
                    ctx.Problem(line, "Expiration Date", $"'{RowContext.Text(expiryCell)}' is not a date like 'Fri Jan 05 2024'; the symbols' expiries are used");
            }

            ReadSide(ctx, data, f, line, CallSide, strike, lastExpiry);
            ReadSide(ctx, data, f, line, PutSide, strike, lastExpiry);
        }

        return ResultBuilder.Finish(ctx, ChainFormat.CboeCsv, name, options, null, spot, instant, Label);
    }

    private static void CheckHeader(ReadOnlySpan<byte> data, CsvFields f, int line, string name)
    {
        var n = f.CountIgnoringTrailingEmpty();
        var ok = n == ColumnCount
            && f.Get(data, StrikeColumn).Trim((byte)' ').SequenceEqual("Strike"u8)
            && f.Get(data, PutSymbol).Trim((byte)' ').SequenceEqual("Puts"u8);
        if (!ok)
        {
            throw new ChainReadException(RowContext.Inv(
                $"'{name}' ({Label}): the header on line {line} has {n} columns; expected {ColumnCount} with 'Strike' in column {StrikeColumn + 1} and 'Puts' in column {PutSymbol + 1} (Expiration Date, Calls, {string.Join(", ", SideHeaders)}, Strike, Puts, and the same nine for puts)."));
        }
    }

    private static void ReadSide(
        RowContext ctx, ReadOnlySpan<byte> data, CsvFields f, int line, Side side, double strike, DateOnly? expiry)
    {
        var col = side.Column;
        var sym = f.Get(data, col).Trim((byte)' ');
        if (sym.IsEmpty)
        {
            ctx.Problem(line, side.Symbol, $"the {side.Name} symbol is missing; {side.Name} not loaded", skipped: true);
            return;
        }
        Span<char> chars = stackalloc char[32];
        OccSymbol occ = default;
        var parsed = sym.Length <= chars.Length;
        if (parsed)
        {
            for (var i = 0; i < sym.Length; i++) chars[i] = (char)sym[i];
            parsed = OccSymbol.TryParse(chars[..sym.Length], out occ);
        }
        if (!parsed)
        {
            ctx.Problem(line, side.Symbol,
                $"'{RowContext.Text(sym)}' is not an OCC option symbol (root, yyMMdd, C/P, strike x 1000 in 8 digits); {side.Name} not loaded",
                skipped: true);
            return;
        }
        if (occ.Type != side.Type)
        {
            ctx.Problem(line, side.Symbol, $"'{RowContext.Text(sym)}' is a {(occ.Type == OptionType.Call ? "call" : "put")} symbol in the {side.Symbol} column; not loaded", skipped: true);
            return;
        }
        if (double.IsFinite(strike) && Math.Abs(occ.Strike - strike) > 0.0005)
        {
            ctx.Problem(line, "Strike", RowContext.Inv(
                $"the Strike column says {strike} but {side.Name} symbol '{RowContext.Text(sym)}' has strike {occ.Strike}; {side.Name} not loaded"),
                skipped: true);
            return;
        }
        if (expiry is { } ex && ex != occ.Expiry)
        {
            ctx.Problem(line, "Expiration Date", RowContext.Inv(
                $"the Expiration Date column says {ex:yyyy-MM-dd} but {side.Name} symbol '{RowContext.Text(sym)}' expires {occ.Expiry:yyyy-MM-dd}; {side.Name} not loaded"),
                skipped: true);
            return;
        }
        if (!ctx.OpenInterest(f.Get(data, col + (int)SideColumn.OpenInterest), line, side[SideColumn.OpenInterest], side.Name, out var oi)) return;

        var last = ctx.OptionalNonNegative(f.Get(data, col + (int)SideColumn.LastSale), line, side[SideColumn.LastSale]);
        var bid = ctx.OptionalNonNegative(f.Get(data, col + (int)SideColumn.Bid), line, side[SideColumn.Bid]);
        var ask = ctx.OptionalNonNegative(f.Get(data, col + (int)SideColumn.Ask), line, side[SideColumn.Ask]);
        var volume = ctx.OptionalNonNegative(f.Get(data, col + (int)SideColumn.Volume), line, side[SideColumn.Volume]);
        // IV is a fraction; CBOE writes 0 when it did not compute one: that is "no value", not 0%.
        var iv = ctx.OptionalNonNegative(f.Get(data, col + (int)SideColumn.Iv), line, side[SideColumn.Iv]);
        if (iv == 0) iv = double.NaN;
        var delta = ctx.Optional(f.Get(data, col + (int)SideColumn.Delta), line, side[SideColumn.Delta]);
        var gamma = ctx.Optional(f.Get(data, col + (int)SideColumn.Gamma), line, side[SideColumn.Gamma]);
        ctx.Add(new OptionQuote(occ.Root, occ.Expiry, occ.Type, occ.Strike, bid, ask, last, volume, oi, iv, delta, gamma, line));
    }

    private static readonly string[] Months =
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses the expiry column, <c>Fri Jan 05 2024</c> (the weekday is optional and not checked).</summary>
    internal static bool TryParseExpiry(ReadOnlySpan<byte> s, out DateOnly date)
    {
        date = default;
        if (s.Length > 40) return false;
        Span<char> text = stackalloc char[s.Length];
        for (var i = 0; i < s.Length; i++) text[i] = (char)s[i];
        Span<Range> parts = stackalloc Range[5];
        var n = ((ReadOnlySpan<char>)text).Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (n is < 3 or > 4) return false;
        var o = n - 3;
        var mon = text[parts[o]];
        if (mon.Length < 3) return false;
        Span<char> m3 = stackalloc char[3];
        for (var i = 0; i < 3; i++) m3[i] = char.ToLowerInvariant(mon[i]);
        var month = 0;
        for (var i = 0; i < Months.Length; i++)
        {
            if (m3.SequenceEqual(Months[i])) month = i + 1;
        }
        if (month == 0) return false;
        if (!int.TryParse(text[parts[o + 1]], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(text[parts[o + 2]], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        if (year is < 1970 or > 2200 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>
    /// Parses the text after <c>Date:</c> in every form seen: <c>February 5 2022, 8:26 PM EST</c>,
    /// <c>June 11, 2022, 8:47 PM EDT</c>, <c>January 7, 2024 at 10:52 AM EST</c>. EST = -05:00, EDT = -04:00,
    /// UTC/GMT = 0; with no zone (or ET) the US/Eastern rules decide and <paramref name="zoneGuessed"/> is set.
    /// </summary>
    internal static bool TryParseDateLine(string text, out DateTimeOffset instant, out bool zoneGuessed)
    {
        instant = default;
        zoneGuessed = false;
        var tokens = new List<string>();
        foreach (var t in text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
        {
            if (t.Equals("at", StringComparison.OrdinalIgnoreCase)) continue;
            // "10:52AM" -> "10:52", "AM"
            if (t.Length > 2 && (t.EndsWith("AM", StringComparison.OrdinalIgnoreCase) || t.EndsWith("PM", StringComparison.OrdinalIgnoreCase)) && char.IsDigit(t[^3]))
            {
                tokens.Add(t[..^2]);
                tokens.Add(t[^2..]);
                continue;
            }
            tokens.Add(t);
        }
        if (tokens.Count is < 4 or > 6) return false;
        var m = tokens[0].Length >= 3 ? Array.IndexOf(Months, tokens[0][..3].ToLowerInvariant()) + 1 : 0;
        if (m == 0) return false;
        if (!int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || !int.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year is < 1970 or > 2200 || day < 1 || day > DateTime.DaysInMonth(year, m))
        {
            return false;
        }

        if (!TimeOnly.TryParseExact(tokens[3], ["H:mm", "H:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            return false;
        var i = 4;
        if (i < tokens.Count && tokens[i].ToUpperInvariant() is "AM" or "PM")
        {
            if (time.Hour is < 1 or > 12) return false;
            var pm = tokens[i].Equals("PM", StringComparison.OrdinalIgnoreCase);
            var hour = time.Hour % 12 + (pm ? 12 : 0);
            time = new TimeOnly(hour, time.Minute, time.Second);
            i++;
        }
        var date = new DateOnly(year, m, day);
        var local = date.ToDateTime(time);
        var zone = i < tokens.Count ? tokens[i].ToUpperInvariant() : "";
        if (i + 1 < tokens.Count) return false;
        switch (zone)
        {
            case "EST":
                instant = new DateTimeOffset(local, TimeSpan.FromHours(-5));
                return true;
            case "EDT":
                instant = new DateTimeOffset(local, TimeSpan.FromHours(-4));
                return true;
            case "UTC" or "GMT" or "Z":
                instant = new DateTimeOffset(local, TimeSpan.Zero);
                return true;
            case "" or "ET":
                instant = Core.Time.UsEastern.At(date, time);
                zoneGuessed = true;
                return true;
            default:
                return false;
        }
    }
}
