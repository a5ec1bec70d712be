namespace DealerFlow.Core.Exposure;

/// <summary>
/// Dealer gamma of a whole priced chain re-priced at a hypothetical spot S (same T, own IV, forward
/// moving with spot): sum_i position_i x gamma_i(S), in shares per $1. With the per-contract
/// constants of <see cref="PricedChain"/> the inner loop is one exp and a few multiply-adds:
/// d1 = A ln S + C, position x gamma = W exp(-d1^2 / 2) / S. Vectorized (AVX-512 or AVX2, scalar
/// tail); equal to <see cref="NetSharesScalar"/> to about 1e-15 of sum_i |position_i x gamma_i|.
/// </summary>
public static class GammaSweep
{
    /// <summary>Contract-levels (contracts x spots) below which a profile stays on one core.</summary>
    public const long ParallelThreshold = 2_000_000;

    /// <summary>Net dealer gamma in shares per $1 at <paramref name="spot"/>; <paramref name="skipExpiry"/> leaves that expiry's settlement date out, AM and PM together (-1 = none).</summary>
    public static double NetShares(PricedChain chain, double spot, int skipExpiry = -1)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var lnS = Math.Log(spot);
        if (skipExpiry < 0)
            return SweepKernel.Sum(chain.SweepA, chain.SweepC, chain.SweepW, lnS) / spot;
        var (lo, hi) = Range(chain, skipExpiry);
        var sum = SweepKernel.Sum(chain.ByExpiryA.AsSpan(0, lo), chain.ByExpiryC.AsSpan(0, lo), chain.ByExpiryW.AsSpan(0, lo), lnS)
            + SweepKernel.Sum(chain.ByExpiryA.AsSpan(hi), chain.ByExpiryC.AsSpan(hi), chain.ByExpiryW.AsSpan(hi), lnS);
        return sum / spot;
    }

    /// <summary>Net dealer GEX at <paramref name="spot"/> in <paramref name="unit"/> (evaluated at that spot).</summary>
    public static double NetGex(PricedChain chain, double spot, GexUnit unit, int skipExpiry = -1) =>
        NetShares(chain, spot, skipExpiry) * GexUnits.Factor(unit, spot);

    /// <summary>
    /// The straightforward scalar loop (one <see cref="Math.Exp"/> per contract, no clamp): the
    /// reference the vectorized sweep is tested and benchmarked against.
    /// </summary>
    public static double NetSharesScalar(PricedChain chain, double spot, int skipExpiry = -1)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var lnS = Math.Log(spot);
        var a = chain.SweepA;
        var c = chain.SweepC;
        var w = chain.SweepW;
        var e = chain.ExpiryIndex;
        var (lo, hi) = skipExpiry >= 0 ? SameDate(chain, skipExpiry) : (-1, -1);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            if (e[i] >= lo && e[i] < hi) continue;
            var d = a[i] * lnS + c[i];
            sum += w[i] * Math.Exp(-0.5 * d * d);
        }
        return sum / spot;
    }

    /// <summary>
    /// Net dealer gamma (shares per $1) at every spot of <paramref name="spots"/> into
    /// <paramref name="net"/>, and, when <paramref name="skipExpiry"/> &gt;= 0, the same without that
    /// expiry into <paramref name="exExpiry"/> (the ex-expiry value costs no extra exp: the expiry is a
    /// contiguous range of the expiry-ordered columns). A blocked spots x contracts loop; spread over
    /// all cores when contracts x spots exceeds <see cref="ParallelThreshold"/> and
    /// <paramref name="parallel"/> is true. Allocates only the per-call scratch for ln S and the sums.
    /// </summary>
    public static void Profile(PricedChain chain, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (net.Length < spots.Length) throw new ArgumentException("The output span is shorter than the spots.", nameof(net));
        if (skipExpiry >= 0 && exExpiry.Length < spots.Length) throw new ArgumentException("The ex-expiry output span is shorter than the spots.", nameof(exExpiry));
        var n = spots.Length;
        var lnS = new double[n];
        for (var k = 0; k < n; k++) lnS[k] = Math.Log(spots[k]);
        var rest = new double[n];
        var part = new double[n];
        var (lo, hi) = skipExpiry >= 0 ? Range(chain, skipExpiry) : (0, 0);
        var count = chain.Count;
        if (parallel && (long)count * n >= ParallelThreshold && Environment.ProcessorCount > 1 && n >= 8)
        {
            // Spots split in chunks of 4 (the kernel's spot width) across cores; contracts stay whole.
            var chunks = Math.Min(Environment.ProcessorCount * 4, (n + 3) / 4);
            var per = ((n + chunks - 1) / chunks + 3) / 4 * 4;
            Parallel.For(0, (n + per - 1) / per, t =>
            {
                var from = t * per;
                var len = Math.Min(per, n - from);
                Evaluate(chain, lo, hi, lnS.AsSpan(from, len), rest.AsSpan(from, len), part.AsSpan(from, len));
            });
        }
        else
        {
            Evaluate(chain, lo, hi, lnS, rest, part);
        }
        for (var k = 0; k < n; k++)
        {
            net[k] = (rest[k] + part[k]) / spots[k];
            if (skipExpiry >= 0) exExpiry[k] = rest[k] / spots[k];
        }
    }

    /// <summary>rest = contracts outside [lo, hi) of the expiry-ordered columns, part = inside.</summary>
    private static void Evaluate(PricedChain chain, int lo, int hi, ReadOnlySpan<double> lnS, Span<double> rest, Span<double> part)
    {
        var a = chain.ByExpiryA;
        var c = chain.ByExpiryC;
        var w = chain.ByExpiryW;
        SweepKernel.SumMany(a.AsSpan(0, lo), c.AsSpan(0, lo), w.AsSpan(0, lo), lnS, rest);
        SweepKernel.SumMany(a.AsSpan(hi), c.AsSpan(hi), w.AsSpan(hi), lnS, rest);
        SweepKernel.SumMany(a.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), w.AsSpan(lo, hi - lo), lnS, part);
    }

    /// <summary>
    /// The contracts (expiry-ordered columns) of the settlement date of <paramref name="expiry"/>: an AM and a PM
    /// expiry on one date (SPX and SPXW) are left out together, as <c>--ex-next-expiry</c> leaves out the date.
    /// </summary>
    private static (int Lo, int Hi) Range(PricedChain chain, int expiry)
    {
        if (expiry >= chain.ExpiryStart.Length - 1) return (0, 0);
        var (first, end) = SameDate(chain, expiry);
        return (chain.ExpiryStart[first], chain.ExpiryStart[end]);
    }

    /// <summary>Expiry indices [first, end) that settle on the date of <paramref name="expiry"/> (adjacent: expiries are ordered by time to settlement).</summary>
    private static (int First, int End) SameDate(PricedChain chain, int expiry)
    {
        var x = chain.Expiries;
        if (expiry >= x.Count) return (expiry, expiry + 1);
        var date = x[expiry].Date;
        int first = expiry, end = expiry + 1;
        while (first > 0 && x[first - 1].Date == date) first--;
        while (end < x.Count && x[end].Date == date) end++;
        return (first, end);
    }
}
