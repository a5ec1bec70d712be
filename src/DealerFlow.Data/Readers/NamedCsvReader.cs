using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>
/// One-row-per-contract CSVs with columns found by header name, case-insensitively: DealerFlow's
/// normalized CSV (canonical names, or any vendor's names through <see cref="ReadOptions.ColumnMap"/>) and
/// yfinance option-chain dumps (their own names, built in).
/// </summary>
internal static class NamedCsvReader
{
    private const string NormalizedLabel = "DealerFlow normalized CSV";
    private const string YFinanceLabel = "yfinance option-chain CSV";

    /// <summary>
    /// yfinance's names for the canonical columns it names otherwise; its other columns (expiry, strike, bid, ask, volume,
    /// spot_date) carry the canonical names.
    /// </summary>
    private static readonly Dictionary<Col, string> YFinanceNames = new()
    {
        [Col.Symbol] = "contractSymbol",
        [Col.Type] = "option_type",
        [Col.Last] = "lastPrice",
        [Col.OpenInterest] = "openInterest",
        [Col.Iv] = "impliedVolatility",
        [Col.Spot] = "S",
    };

    public static bool LooksLikeYFinance(List<string> header) =>
        Has(header, YFinanceNames[Col.Symbol]) && Has(header, YFinanceNames[Col.Iv]) && Has(header, YFinanceNames[Col.OpenInterest]);

    public static bool LooksLikeNormalized(List<string> header) =>
        Has(header, "open_interest") && (Has(header, "symbol") || Has(header, "strike"));

    private static bool Has(List<string> header, string name)
    {
        foreach (var h in header)
        {
            if (h.Equals(name, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    public static ChainReadResult Read(ReadOnlySpan<byte> data, string name, ReadOptions options, ChainFormat format)
    {
        var label = format == ChainFormat.YFinance ? YFinanceLabel : NormalizedLabel;
        var reader = new Utf8CsvReader(data);
        var f = new CsvFields();
        var headerLine = 0;
        var found = false;
        while (reader.Read(f, out var line))
        {
            if (f.IsBlank(data)) continue;
            headerLine = line;
            found = true;
            break;
        }
        if (!found) throw new ChainReadException($"'{name}' is not a {label}: found {ChainReader.Describe(data)}.");

        var header = new List<string>(f.Count);
        for (var i = 0; i < f.Count; i++) header.Add(f.GetString(data, i));
        var names = ResolveNames(name, label, format, options.ColumnMap);
        var index = new int[NamedRowReader.ColumnCount];
        for (var c = 0; c < index.Length; c++)
        {
            index[c] = -1;
            var want = names[c] ?? NamedRowReader.CanonicalNames[c];
            for (var i = 0; i < header.Count; i++)
            {
                if (header[i].Equals(want, StringComparison.OrdinalIgnoreCase))
                {
                    index[c] = i;
                    break;
                }
            }
            if (index[c] < 0 && names[c] is not null && options.ColumnMap is not null
                && options.ColumnMap.ContainsKey(NamedRowReader.CanonicalNames[c]))
            {
                throw new ChainReadException(
                    $"'{name}' ({label}): ColumnMap maps '{NamedRowReader.CanonicalNames[c]}' to column '{names[c]}', but the header on line {headerLine} has no such column (it has: {string.Join(", ", header)}).");
            }
            // Problems name the column as the file spells it; a canonical name the file does not use is absent.
            names[c] = index[c] < 0 ? null : header[index[c]];
        }
        RequireIdentityColumns(name, label, headerLine, header, index, names, options);

        var ctx = new RowContext(Math.Max(64, data.Length / 60));
        var rows = new NamedRowReader(ctx, format, names, options.Underlying);
        while (reader.Read(f, out var line))
        {
            if (f.IsBlank(data)) continue;
            ctx.Rows++;
            var row = new CsvRow(data, f, index);
            rows.ReadRow(ref row, line);
        }
        return ResultBuilder.Finish(ctx, format, name, options, rows.Underlying, rows.Spot, rows.Instant, label);
    }

    /// <summary>Per canonical column, the header name to look for (null = the canonical name itself).</summary>
    internal static string?[] ResolveNames(string name, string label, ChainFormat format, IReadOnlyDictionary<string, string>? map)
    {
        var names = new string?[NamedRowReader.ColumnCount];
        if (format == ChainFormat.YFinance)
        {
            for (var c = 0; c < names.Length; c++)
                names[c] = YFinanceNames.GetValueOrDefault((Col)c);
        }
        if (map is null) return names;
        foreach (var (canonical, header) in map)
        {
            var c = Array.FindIndex(NamedRowReader.CanonicalNames, n => n.Equals(canonical?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (c < 0)
            {
                throw new ChainReadException(
                    $"'{name}' ({label}): ColumnMap key '{canonical}' is not a canonical column; the keys must be among {string.Join(", ", NamedRowReader.CanonicalNames)}.");
            }
            if (string.IsNullOrWhiteSpace(header))
                throw new ChainReadException($"'{name}' ({label}): ColumnMap gives no column name for '{canonical}'.");
            names[c] = header.Trim();
        }
        return names;
    }

    internal static void RequireIdentityColumns(
        string name, string label, int headerLine, List<string> header, int[] index, string?[] names, ReadOptions options)
    {
        string N(Col c) => names[(int)c] ?? NamedRowReader.CanonicalNames[(int)c];
        var missing = new List<string>();
        var hasSymbol = index[(int)Col.Symbol] >= 0;
        var hasParts = index[(int)Col.Expiry] >= 0 && index[(int)Col.Type] >= 0 && index[(int)Col.Strike] >= 0
            && (index[(int)Col.Root] >= 0 || index[(int)Col.Underlying] >= 0 || options.Underlying is not null);
        if (!hasSymbol && !hasParts)
            missing.Add($"'{N(Col.Symbol)}' (or '{N(Col.Root)}', '{N(Col.Expiry)}', '{N(Col.Type)}' and '{N(Col.Strike)}')");
        if (index[(int)Col.OpenInterest] < 0) missing.Add($"'{N(Col.OpenInterest)}'");
        if (missing.Count > 0)
        {
            var where = headerLine > 0 ? RowContext.Inv($"the header on line {headerLine}") : "the contracts";
            throw new ChainReadException(
                $"'{name}' ({label}): {where} lacks the required column(s) {string.Join(" and ", missing)}; it has: {string.Join(", ", header)}. Map other names with ReadOptions.ColumnMap.");
        }
    }

    private readonly ref struct CsvRow : INamedRow
    {
        private readonly ReadOnlySpan<byte> _data;
        private readonly CsvFields _fields;
        private readonly int[] _index;

        public CsvRow(ReadOnlySpan<byte> data, CsvFields fields, int[] index)
        {
            _data = data;
            _fields = fields;
            _index = index;
        }

        public ReadOnlySpan<byte> Get(Col c)
        {
            var i = _index[(int)c];
            return i < 0 ? [] : _fields.Get(_data, i);
        }
    }
}
