using System.Globalization;
using System.Text.Json.Serialization;

namespace DealerFlow.Core.Pricing;

/// <summary>How the engine treats a gap between the file's spot and the spot its option quotes imply.</summary>
public enum QuoteSyncMode
{
    /// <summary>Keep a basis that carry or a scheduled dividend explains; re-anchor at the file's spot when neither does and it exceeds <see cref="QuoteSync.ToleranceBp"/>.</summary>
    Auto,

    /// <summary>Always evaluate at the file's spot with each expiry's carry measured from the implied spot.</summary>
    Reanchor,

    /// <summary>Today's behaviour before quote sync: every expiry's carry is ln(F / file spot) / T, basis included.</summary>
    AsQuoted,
}

/// <summary>What explains the basis between the quotes' implied spot and the file's spot.</summary>
public enum BasisExplanation
{
    /// <summary>Within <see cref="QuoteSync.ToleranceBp"/> once the rate is netted out: ordinary carry.</summary>
    Carry,

    /// <summary>Scheduled dividends going ex before the shortest expiries bring it within tolerance.</summary>
    Dividend,

    /// <summary>Neither: spot and quotes come from different moments (stale quotes).</summary>
    None,
}

/// <summary>What the engine did with the basis.</summary>
public enum QuoteSyncAction
{
    /// <summary>Forwards kept as the quotes imply them (carry = ln(F / file spot) / T).</summary>
    [JsonStringEnumMemberName("asQuoted")]
    AsQuoted,

    /// <summary>Forwards scaled by file spot / implied spot: each expiry keeps its carry measured from the implied spot.</summary>
    [JsonStringEnumMemberName("reanchored")]
    Reanchored,
}

/// <summary>One cash dividend of an underlying: it goes ex at the open of <see cref="ExDate"/>; amount per share.</summary>
public readonly record struct Dividend(string Symbol, DateOnly ExDate, double Amount);

/// <summary>A dividend schedule (symbol, ex-date, amount). Immutable.</summary>
public sealed class DividendSchedule(IReadOnlyList<Dividend> dividends)
{
    /// <summary>The schedule with no dividends: no basis is ever explained as a dividend.</summary>
    public static readonly DividendSchedule Empty = new([]);

    /// <summary>Every dividend of the schedule, of every symbol, in the order given (not sorted).</summary>
    public IReadOnlyList<Dividend> Dividends { get; } = dividends;

    /// <summary>
    /// Sum of the dividends of <paramref name="underlying"/> (case-insensitive; an index root such as SPXW
    /// matches SPX only by exact name) going ex after <paramref name="today"/> and on or before <paramref name="expiry"/>.
    /// </summary>
    public double Between(string underlying, DateOnly today, DateOnly expiry)
    {
        var sum = 0.0;
        foreach (var d in Dividends)
            if (d.ExDate > today && d.ExDate <= expiry && string.Equals(d.Symbol, underlying, StringComparison.OrdinalIgnoreCase)) sum += d.Amount;
        return sum;
    }
}

/// <summary>The parity forward of one expiry with the dividends that go ex before it.</summary>
public readonly record struct ForwardPoint(DateOnly Expiry, double Years, double Forward, double Dividends);

/// <summary>
/// The quote-sync verdict of one chain. <see cref="BasisBp"/> = (implied spot before dividends / file spot - 1) x 10,000;
/// <see cref="ImpliedSpot"/> is net of the rate and of scheduled dividends. Immutable.
/// </summary>
public sealed record QuoteSyncResult(
    double FileSpot,
    double ImpliedSpot,
    double BasisBp,
    double BasisAfterDividendsBp,
    BasisExplanation ExplainedBy,
    QuoteSyncAction Action,
    IReadOnlyList<DateOnly> ExpiriesUsed,
    string Evidence)
{
    /// <summary>File spot / implied spot: the factor each parity forward is scaled by when re-anchored (1 when as quoted).</summary>
    public double Scale => Action == QuoteSyncAction.Reanchored ? FileSpot / ImpliedSpot : 1;

    /// <summary>True when a basis above tolerance is left unexplained (the one warning line of <c>levels</c>).</summary>
    public bool Unexplained => ExplainedBy == BasisExplanation.None;

    /// <summary>The spot that reproduces the file's vendor deltas (<see cref="Pricing.VendorGreekSpot"/>); null where the file has too few vendor deltas.</summary>
    public double? VendorGreekSpot { get; init; }

    /// <summary>(<see cref="VendorGreekSpot"/> / file spot - 1) x 10,000.</summary>
    public double? VendorGreekBasisBp => VendorGreekSpot is { } v ? (v / FileSpot - 1) * 1e4 : null;

    /// <summary>Contracts <see cref="VendorGreekSpot"/> rests on.</summary>
    public int VendorGreekContracts { get; init; }
}

/// <summary>
/// Quote synchronisation (DOMAIN.md section 10): the spot the option quotes imply is the median over the
/// (up to) <see cref="ShortestExpiries"/> shortest expiries with a parity forward of S_i = F_i e^{-r T_i} + D_i
/// (D_i the scheduled dividends going ex before expiry i, undiscounted: at most a few days of interest on
/// a few dollars). The basis is set against the file's spot: within <see cref="ToleranceBp"/> it is carry;
/// brought within it by the dividends it is dividend; otherwise the quotes are stale.
/// </summary>
public static class QuoteSync
{
    /// <summary>Largest basis (bp) ordinary carry is taken to explain over the shortest expiries.</summary>
    public const double ToleranceBp = 10;

    /// <summary>How many of the shortest expiries with a parity forward vote.</summary>
    public const int ShortestExpiries = 3;

    /// <summary>
    /// The verdict from the forwards of the shortest expiries (any order; those beyond the shortest
    /// <see cref="ShortestExpiries"/> are ignored). Null when no expiry has a parity forward.
    /// </summary>
    public static QuoteSyncResult? Decide(double fileSpot, IEnumerable<ForwardPoint> forwards, double rate, QuoteSyncMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fileSpot);
        ArgumentNullException.ThrowIfNull(forwards);
        // The shortest ShortestExpiries by T, ties in the order given (what a stable sort then Take gives), by insertion
        // into a buffer of that many: a chain priced per tick has ~30 expiries and votes with 3.
        Span<ForwardPoint> shortest = stackalloc ForwardPoint[ShortestExpiries];
        var count = 0;
        foreach (var f in forwards)
        {
            if (!(f.Years > 0 && f.Forward > 0)) continue;
            var at = count;
            while (at > 0 && shortest[at - 1].Years > f.Years) at--;
            if (at >= ShortestExpiries) continue;
            for (var q = Math.Min(count, ShortestExpiries - 1); q > at; q--) shortest[q] = shortest[q - 1];
            shortest[at] = f;
            count = Math.Min(count + 1, ShortestExpiries);
        }
        if (count == 0) return null;
        var used = shortest[..count].ToArray();
        Span<double> spots = stackalloc double[count];
        Span<double> adjustedSpots = stackalloc double[count];
        var hasDividends = false;
        for (var j = 0; j < count; j++)
        {
            spots[j] = used[j].Forward * Math.Exp(-rate * used[j].Years);
            adjustedSpots[j] = used[j].Forward * Math.Exp(-rate * used[j].Years) + used[j].Dividends;
            hasDividends |= used[j].Dividends > 0;
        }
        var raw = Median(spots);
        var adjusted = Median(adjustedSpots);
        var rawBp = (raw / fileSpot - 1) * 1e4;
        var adjBp = (adjusted / fileSpot - 1) * 1e4;
        BasisExplanation why;
        if (Math.Abs(rawBp) <= ToleranceBp && !hasDividends) why = BasisExplanation.Carry;
        else if (hasDividends && Math.Abs(adjBp) <= ToleranceBp) why = BasisExplanation.Dividend;
        else why = BasisExplanation.None;
        var action = mode switch
        {
            QuoteSyncMode.Reanchor => QuoteSyncAction.Reanchored,
            QuoteSyncMode.AsQuoted => QuoteSyncAction.AsQuoted,
            _ => why == BasisExplanation.None ? QuoteSyncAction.Reanchored : QuoteSyncAction.AsQuoted,
        };
        var inv = CultureInfo.InvariantCulture;
        var per = string.Join(", ", used.Select(f => string.Create(inv, $"{f.Expiry:yyyy-MM-dd} F {f.Forward:0.00} ({(f.Forward * Math.Exp(-rate * f.Years) / fileSpot - 1) * 1e4:+0.0;-0.0} bp{(f.Dividends > 0 ? string.Create(inv, $", dividends {f.Dividends:0.00}") : "")})")));
        var evidence = why switch
        {
            BasisExplanation.Carry => string.Create(inv, $"The shortest expiries' parity forwards net of the rate imply spot {raw:0.00}, {rawBp:+0.0;-0.0} bp from the file's {fileSpot:0.00}: within {ToleranceBp:0} bp, ordinary carry."),
            BasisExplanation.Dividend => string.Create(inv, $"The parity forwards imply spot {raw:0.00} ({rawBp:+0.0;-0.0} bp); the scheduled dividends bring it to {adjusted:0.00} ({adjBp:+0.0;-0.0} bp): the basis is the dividend and stays in the forwards."),
            _ => string.Create(inv, $"The parity forwards imply spot {adjusted:0.00}, {adjBp:+0.0;-0.0} bp from the file's {fileSpot:0.00}{(hasDividends ? " after the scheduled dividends" : "")}: more than {ToleranceBp:0} bp that neither carry nor a scheduled dividend explains, so spot and option quotes come from different moments (give --dividends FILE if a dividend goes ex before these expiries)."),
        } + " Per expiry: " + per + ".";
        var expiries = new DateOnly[count];
        for (var j = 0; j < count; j++) expiries[j] = used[j].Expiry;
        return new QuoteSyncResult(fileSpot, adjusted, rawBp, adjBp, why, action, expiries, evidence);
    }

    /// <summary>The median of <paramref name="values"/> (sorted in place): the middle one, or the mean of the two middle ones.</summary>
    private static double Median(Span<double> values)
    {
        values.Sort();
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    }
}
