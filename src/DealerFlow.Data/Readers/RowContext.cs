using System.Globalization;
using System.Text;
using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>
/// Collects contracts and per-row problems while a reader walks a file, and turns cells into numbers under
/// the product's rules: an empty cell is "no value" (NaN, not a problem); a cell that is not a finite number
/// is a problem and reads as NaN; a contract is skipped only when its identity or open interest is unusable.
/// </summary>
internal sealed class RowContext
{
    private readonly ChainBuilder _builder;
    private readonly Dictionary<string, int> _rootCounts = new(StringComparer.Ordinal);
    private string? _lastRoot;
    private int _lastRootCount;

    public RowContext(int capacity) => _builder = new ChainBuilder(capacity);

    public List<ReadProblem> Problems { get; } = [];

    public int Rows { get; set; }

    public int Contracts => _builder.Count;

    /// <summary>The builder's rows become a snapshot; the builder is empty afterwards.</summary>
    public ChainSnapshot Build(string underlying, double spot, DateTimeOffset instant, string source) =>
        _builder.Build(underlying, spot, instant, source);

    public void Add(in OptionQuote q)
    {
        if (!ReferenceEquals(q.Root, _lastRoot) && !string.Equals(q.Root, _lastRoot, StringComparison.Ordinal))
        {
            FlushRoot();
            _lastRoot = q.Root;
        }
        _lastRootCount++;
        _builder.Add(q);
    }

    /// <summary>Number of loaded contracts per option root.</summary>
    public IReadOnlyDictionary<string, int> RootCounts()
    {
        FlushRoot();
        return _rootCounts;
    }

    private void FlushRoot()
    {
        if (_lastRoot is not null && _lastRootCount > 0)
        {
            _rootCounts[_lastRoot] = _rootCounts.GetValueOrDefault(_lastRoot) + _lastRootCount;
        }
        _lastRootCount = 0;
    }

    public void Problem(int line, string field, string reason, bool skipped = false) =>
        Problems.Add(new ReadProblem(line, field, reason, skipped));

    /// <summary>An optional number: empty = NaN silently; unparsable or NaN = problem, NaN.</summary>
    public double Optional(ReadOnlySpan<byte> cell, int line, string field)
    {
        var status = Num.Parse(cell, out var v);
        if (status == NumStatus.Ok) return v;
        if (status != NumStatus.Empty) Problem(line, field, Describe(cell, status) + "; read as no value");
        return double.NaN;
    }

    /// <summary>An optional number that cannot be negative (prices, volume): negative = problem, NaN.</summary>
    public double OptionalNonNegative(ReadOnlySpan<byte> cell, int line, string field)
    {
        var v = Optional(cell, line, field);
        if (v < 0)
        {
            Problem(line, field, Inv($"{v} is negative; read as no value"));
            return double.NaN;
        }
        return v;
    }

    /// <summary>
    /// Open interest: required, finite, non-negative. On failure records one skipping problem naming
    /// <paramref name="contract"/> and returns false.
    /// </summary>
    public bool OpenInterest(ReadOnlySpan<byte> cell, int line, string field, ReadOnlySpan<char> contract, out double oi)
    {
        var status = Num.Parse(cell, out oi);
        if (status == NumStatus.Ok && oi >= 0) return true;
        var what = status switch
        {
            NumStatus.Empty => "open interest is missing",
            NumStatus.Ok => Inv($"open interest {oi} is negative"),
            _ => Describe(cell, status),
        };
        Problem(line, field, $"{what}; {contract} not loaded", skipped: true);
        oi = double.NaN;
        return false;
    }

    public static string Describe(ReadOnlySpan<byte> cell, NumStatus status) => status switch
    {
        NumStatus.Empty => "value is missing",
        NumStatus.NotFinite => $"'{Text(cell)}' is not a finite number",
        _ => $"'{Text(cell)}' is not a number",
    };

    /// <summary>Cell text for messages, shortened when long.</summary>
    public static string Text(ReadOnlySpan<byte> cell)
    {
        var s = Encoding.UTF8.GetString(cell.Length > 60 ? cell[..60] : cell).Trim();
        return cell.Length > 60 ? s + "..." : s;
    }

    public static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
