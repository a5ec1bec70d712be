using System.Globalization;
using System.Text;
using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>The canonical columns of DealerFlow's normalized format (docs/formats.md).</summary>
internal enum Col
{
    Underlying,
    Spot,
    Timestamp,
    Symbol,
    Root,
    Expiry,
    Type,
    Strike,
    Bid,
    Ask,
    Last,
    Volume,
    OpenInterest,
    Iv,
    Delta,
    Gamma,
    Multiplier,
    SpotDate,
}

/// <summary>One row of a by-name format, CSV line or JSON object.</summary>
internal interface INamedRow
{
    /// <summary>The cell of column <paramref name="c"/>; empty when the column or value is absent.</summary>
    ReadOnlySpan<byte> Get(Col c);
}

/// <summary>
/// Reads contracts from rows whose columns are known by name: DealerFlow's normalized CSV/JSON and the
/// yfinance CSV. Holds the per-file state (first underlying/spot/timestamp seen) and applies the rules.
/// </summary>
internal sealed class NamedRowReader
{
    public const int ColumnCount = (int)Col.SpotDate + 1;

    /// <summary>Canonical names, indexed by <see cref="Col"/>; spot_date is yfinance's.</summary>
    public static readonly string[] CanonicalNames =
    [
        "underlying", "spot", "timestamp", "symbol", "root", "expiry", "type", "strike", "bid", "ask", "last",
        "volume", "open_interest", "iv", "delta", "gamma", "multiplier", "spot_date",
    ];

    private readonly RowContext _ctx;
    private readonly ChainFormat _format;
    private readonly string?[] _names;
    private readonly string? _optionUnderlying;
    private byte[]? _underlyingRaw;
    private byte[]? _spotRaw;
    private byte[]? _timestampRaw;
    private byte[]? _spotDateRaw;

    public NamedRowReader(RowContext ctx, ChainFormat format, string?[] names, string? optionUnderlying)
    {
        _ctx = ctx;
        _format = format;
        _names = names;
        _optionUnderlying = optionUnderlying;
    }

    public string? Underlying { get; set; }

    public double Spot { get; set; } = double.NaN;

    public DateTimeOffset? Instant { get; set; }

    private string Name(Col c) => _names[(int)c] ?? CanonicalNames[(int)c];

    public void ReadRow<TRow>(scoped ref TRow row, int line)
        where TRow : INamedRow, allows ref struct
    {
        SnapshotFields(ref row, line);

        if (!Identity(ref row, line, out var root, out var expiry, out var type, out var strike, out var what)) return;
        if (!_ctx.OpenInterest(row.Get(Col.OpenInterest), line, Name(Col.OpenInterest), what, out var oi)) return;
        var bid = _ctx.OptionalNonNegative(row.Get(Col.Bid), line, Name(Col.Bid));
        var ask = _ctx.OptionalNonNegative(row.Get(Col.Ask), line, Name(Col.Ask));
        var last = _ctx.OptionalNonNegative(row.Get(Col.Last), line, Name(Col.Last));
        var volume = _ctx.OptionalNonNegative(row.Get(Col.Volume), line, Name(Col.Volume));
        var iv = _ctx.OptionalNonNegative(row.Get(Col.Iv), line, Name(Col.Iv));
        if (_format == ChainFormat.YFinance && iv <= 1.0001e-5)
        {
            // Yahoo writes 1e-05 (and sometimes 0) where it has no implied volatility.
            _ctx.Problem(line, Name(Col.Iv), RowContext.Inv($"{iv} is Yahoo's placeholder for 'no implied volatility'; read as no value"));
            iv = double.NaN;
        }
        else if (iv == 0)
        {
            _ctx.Problem(line, Name(Col.Iv), "an IV of 0 is not a volatility (leave the cell empty for 'no value'); read as no value");
            iv = double.NaN;
        }
        var delta = _ctx.Optional(row.Get(Col.Delta), line, Name(Col.Delta));
        var gamma = _ctx.Optional(row.Get(Col.Gamma), line, Name(Col.Gamma));
        var multiplier = 100.0;
        var mCell = row.Get(Col.Multiplier);
        if (!mCell.IsEmpty)
        {
            var st = Num.Parse(mCell, out var m);
            if (st == NumStatus.Ok && m > 0) multiplier = m;
            else _ctx.Problem(line, Name(Col.Multiplier), $"'{RowContext.Text(mCell)}' is not a positive multiplier; 100 is used");
        }
        _ctx.Add(new OptionQuote(root, expiry, type, strike, bid, ask, last, volume, oi, iv, delta, gamma, line) { Multiplier = multiplier });
    }

    private bool Identity<TRow>(
        scoped ref TRow row, int line, out string root, out DateOnly expiry, out OptionType type, out double strike, out string what)
        where TRow : INamedRow, allows ref struct
    {
        root = "";
        expiry = default;
        type = default;
        strike = double.NaN;
        var sym = row.Get(Col.Symbol).Trim((byte)' ');
        var expiryCell = row.Get(Col.Expiry).Trim((byte)' ');
        var typeCell = row.Get(Col.Type).Trim((byte)' ');
        var strikeCell = row.Get(Col.Strike);
        if (!sym.IsEmpty)
        {
            what = $"'{RowContext.Text(sym)}'";
            if (!OccSymbol.TryParse(Detection.Utf8(sym), out var occ))
            {
                _ctx.Problem(line, Name(Col.Symbol), $"{what} is not an OCC option symbol (root, yyMMdd, C/P, strike x 1000 in 8 digits); not loaded", skipped: true);
                return false;
            }
            // Where the row also spells the contract out, it must agree with the symbol.
            if (!expiryCell.IsEmpty && TryParseExpiry(expiryCell, out var e) && e != occ.Expiry)
            {
                _ctx.Problem(line, Name(Col.Expiry), RowContext.Inv($"{e:yyyy-MM-dd} disagrees with symbol {what} (expires {occ.Expiry:yyyy-MM-dd}); not loaded"), skipped: true);
                return false;
            }
            if (!typeCell.IsEmpty && TryParseType(typeCell, out var t) && t != occ.Type)
            {
                _ctx.Problem(line, Name(Col.Type), $"'{RowContext.Text(typeCell)}' disagrees with symbol {what}; not loaded", skipped: true);
                return false;
            }
            if (Num.Parse(strikeCell, out var k) == NumStatus.Ok && Math.Abs(k - occ.Strike) > 0.0005)
            {
                _ctx.Problem(line, Name(Col.Strike), RowContext.Inv($"{k} disagrees with symbol {what} (strike {occ.Strike}); not loaded"), skipped: true);
                return false;
            }
            (root, expiry, type, strike) = (occ.Root, occ.Expiry, occ.Type, occ.Strike);
            return true;
        }

        var rootCell = row.Get(Col.Root).Trim((byte)' ');
        what = RowContext.Inv($"the contract on line {line}");
        if (rootCell.IsEmpty && _names[(int)Col.Root] is null && expiryCell.IsEmpty && typeCell.IsEmpty && strikeCell.IsEmpty)
        {
            _ctx.Problem(line, Name(Col.Symbol), "the symbol is missing (and root/expiry/type/strike are not given); not loaded", skipped: true);
            return false;
        }
        if (!rootCell.IsEmpty)
        {
            root = Detection.Utf8(rootCell).ToUpperInvariant();
            foreach (var ch in root)
            {
                if (!char.IsAsciiLetterOrDigit(ch) || root.Length > 6)
                {
                    _ctx.Problem(line, Name(Col.Root), $"'{root}' is not an option root (1-6 letters or digits); not loaded", skipped: true);
                    return false;
                }
            }
        }
        else if ((_optionUnderlying ?? Underlying) is { Length: > 0 } u)
        {
            root = u;
        }
        else
        {
            _ctx.Problem(line, Name(Col.Root), "the root is missing and no underlying is known; not loaded", skipped: true);
            return false;
        }
        if (!TryParseExpiry(expiryCell, out expiry))
        {
            _ctx.Problem(line, Name(Col.Expiry), expiryCell.IsEmpty
                ? "the expiry is missing; not loaded"
                : $"'{RowContext.Text(expiryCell)}' is not a date yyyy-MM-dd; not loaded", skipped: true);
            return false;
        }
        if (!TryParseType(typeCell, out type))
        {
            _ctx.Problem(line, Name(Col.Type), typeCell.IsEmpty
                ? "the type is missing; not loaded"
                : $"'{RowContext.Text(typeCell)}' is not C, P, call or put; not loaded", skipped: true);
            return false;
        }
        var ks = Num.Parse(strikeCell, out strike);
        if (ks != NumStatus.Ok || strike <= 0)
        {
            _ctx.Problem(line, Name(Col.Strike), ks == NumStatus.Ok
                ? RowContext.Inv($"strike {strike} is not positive; not loaded")
                : ks == NumStatus.Empty ? "the strike is missing; not loaded" : RowContext.Describe(strikeCell, ks) + "; not loaded", skipped: true);
            return false;
        }
        what = OccSymbol.Format(root, expiry, type, strike);
        return true;
    }

    /// <summary>underlying, spot, timestamp (and yfinance's spot_date): the first value wins; a row that disagrees is reported.</summary>
    public void SnapshotFields<TRow>(scoped ref TRow row, int line)
        where TRow : INamedRow, allows ref struct
    {
        var u = row.Get(Col.Underlying).Trim((byte)' ');
        if (!u.IsEmpty && !Same(ref _underlyingRaw, u))
        {
            var text = Underlyings.Clean(Detection.Utf8(u));
            if (Underlying is null) Underlying = text;
            else if (text != Underlying) _ctx.Problem(line, Name(Col.Underlying), $"'{text}' differs from the first row's '{Underlying}'; the first is used");
        }
        var s = row.Get(Col.Spot).Trim((byte)' ');
        if (!s.IsEmpty && !Same(ref _spotRaw, s))
        {
            var st = Num.Parse(s, out var v);
            if (st != NumStatus.Ok || v <= 0)
            {
                _ctx.Problem(line, Name(Col.Spot), (st == NumStatus.Ok ? RowContext.Inv($"{v} is not a positive price") : RowContext.Describe(s, st)) + "; ignored");
                _spotRaw = null;
            }
            else if (double.IsNaN(Spot))
            {
                Spot = v;
            }
            else if (v != Spot)
            {
                _ctx.Problem(line, Name(Col.Spot), RowContext.Inv($"{v} differs from the first row's {Spot}; the first is used"));
            }
        }
        var t = row.Get(Col.Timestamp).Trim((byte)' ');
        if (!t.IsEmpty && !Same(ref _timestampRaw, t))
        {
            var text = Detection.Utf8(t);
            if (!TryParseTimestamp(text, out var ts, out var why))
            {
                _ctx.Problem(line, Name(Col.Timestamp), $"'{text}' {why}; ignored");
                _timestampRaw = null;
            }
            else if (Instant is null)
            {
                Instant = ts;
            }
            else if (ts != Instant)
            {
                _ctx.Problem(line, Name(Col.Timestamp), RowContext.Inv($"{ts:O} differs from the first row's {Instant:O}; the first is used"));
            }
        }
        var d = row.Get(Col.SpotDate).Trim((byte)' ');
        if (!d.IsEmpty && !Same(ref _spotDateRaw, d))
        {
            if (!TryParseExpiry(d, out var date))
            {
                _ctx.Problem(line, Name(Col.SpotDate), $"'{RowContext.Text(d)}' is not a date yyyy-MM-dd; ignored");
                _spotDateRaw = null;
            }
            else
            {
                // yfinance dumps carry only the date: DealerFlow assumes the 16:00 US/Eastern close.
                var at = Core.Time.UsEastern.At(date, new TimeOnly(16, 0));
                if (Instant is null) Instant = at;
                else if (at != Instant) _ctx.Problem(line, Name(Col.SpotDate), RowContext.Inv($"{date:yyyy-MM-dd} differs from the first row's date; the first is used"));
            }
        }
    }

    /// <summary>True when <paramref name="cell"/> equals the remembered raw value; remembers it when none is.</summary>
    private static bool Same(ref byte[]? remembered, ReadOnlySpan<byte> cell)
    {
        if (remembered is null)
        {
            remembered = cell.ToArray();
            return false;
        }
        return cell.SequenceEqual(remembered);
    }

    public static bool TryParseExpiry(ReadOnlySpan<byte> s, out DateOnly date)
    {
        s = s.Trim((byte)' ');
        date = default;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        Span<char> c = stackalloc char[10];
        for (var i = 0; i < 10; i++) c[i] = (char)s[i];
        return DateOnly.TryParseExact(c, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    public static bool TryParseType(ReadOnlySpan<byte> s, out OptionType type)
    {
        type = default;
        s = s.Trim((byte)' ');
        if (s.Length == 1 || s.Length == 4 || s.Length == 3)
        {
            var c = s[0] | 0x20;
            if (c == 'c' && (s.Length == 1 || Ascii.EqualsIgnoreCase(s, "call"u8)))
            {
                type = OptionType.Call;
                return true;
            }
            if (c == 'p' && (s.Length == 1 || Ascii.EqualsIgnoreCase(s, "put"u8)))
            {
                type = OptionType.Put;
                return true;
            }
        }
        return false;
    }

    /// <summary>ISO-8601 date and time with a UTC offset (Z or +hh:mm); a zone-less time is refused.</summary>
    public static bool TryParseTimestamp(string text, out DateTimeOffset value, out string why)
    {
        value = default;
        text = text.Trim();
        var timeAt = text.IndexOfAny(['T', 't', ' ']);
        if (timeAt < 0)
        {
            why = "has no time of day (expected ISO-8601 like 2024-01-05T16:00:00-05:00)";
            return false;
        }
        var timePart = text[(timeAt + 1)..];
        var hasOffset = timePart.EndsWith('Z') || timePart.EndsWith('z') || timePart.IndexOfAny(['+', '-']) > 0;
        if (!hasOffset)
        {
            why = "has no UTC offset (expected ISO-8601 like 2024-01-05T16:00:00-05:00)";
            return false;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            why = "is not an ISO-8601 date and time with offset";
            return false;
        }
        why = "";
        return true;
    }
}
