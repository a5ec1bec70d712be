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
    /// <summary>Share of the terms above which <see cref="Profile"/> runs dense (pruning would save too little to pay for its block loop).</summary>
    private const double MaxPrunedShare = 0.9;

    /// <summary>Contract-levels (contracts x spots) below which a profile stays on one core.</summary>
    public const long ParallelThreshold = 2_000_000;

    /// <summary>
    /// Net dealer gamma in shares per $1 at <paramref name="spot"/>; <paramref name="skipExpiry"/> leaves that expiry's
    /// settlement date out, AM and PM together (-1 = none). Skips the blocks of contracts that cannot matter at this
    /// spot (<see cref="SweepBlocks"/>: every skipped contract has |d1| &gt; 10), and evaluates densely when the
    /// skipped contracts could move the sum by more than 1e-16 of itself; equal to <see cref="NetSharesDense"/> to
    /// rounding.
    /// </summary>
    public static double NetShares(PricedChain chain, double spot, int skipExpiry = -1)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var lnS = Math.Log(spot);
        var blocks = chain.Blocks;
        var (bLo, bHi) = skipExpiry >= 0 ? BlockRange(chain, skipExpiry) : (0, 0);
        var skipped = 0.0;
        var sum = SumPruned(chain, 0, bLo, lnS, ref skipped) + SumPruned(chain, bHi, blocks.Count, lnS, ref skipped);
        if (!blocks.Negligible(skipped, sum)) return DenseSum(chain, lnS, skipExpiry) / spot;
        return sum / spot;
    }

    /// <summary>Net dealer gamma in shares per $1 at <paramref name="spot"/> from every contract (no pruning): the dense reference of <see cref="NetShares"/>.</summary>
    public static double NetSharesDense(PricedChain chain, double spot, int skipExpiry = -1)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return DenseSum(chain, Math.Log(spot), skipExpiry) / spot;
    }

    private static double DenseSum(PricedChain chain, double lnS, int skipExpiry)
    {
        if (skipExpiry < 0)
            return SweepKernel.Sum(chain.SweepA, chain.SweepC, chain.SweepW, lnS);
        var (lo, hi) = Range(chain, skipExpiry);
        return SweepKernel.Sum(chain.ByExpiryA.AsSpan(0, lo), chain.ByExpiryC.AsSpan(0, lo), chain.ByExpiryW.AsSpan(0, lo), lnS)
            + SweepKernel.Sum(chain.ByExpiryA.AsSpan(hi), chain.ByExpiryC.AsSpan(hi), chain.ByExpiryW.AsSpan(hi), lnS);
    }

    /// <summary>sum of the terms of blocks [from, to) whose window holds <paramref name="lnS"/> (runs of adjacent live blocks in one kernel call); the skipped blocks' |W| is added to <paramref name="skipped"/>.</summary>
    private static double SumPruned(PricedChain chain, int from, int to, double lnS, ref double skipped)
    {
        var blocks = chain.Blocks;
        var (lo, hi, abs, start) = (blocks.Lo, blocks.Hi, blocks.AbsWeight, blocks.Start);
        var sum = 0.0;
        var run = -1;
        for (var b = from; b <= to; b++)
        {
            var live = b < to && lnS >= lo[b] && lnS <= hi[b];
            if (live)
            {
                if (run < 0) run = b;
                continue;
            }
            if (run >= 0)
            {
                var (i, len) = (start[run], start[b] - start[run]);
                sum += SweepKernel.Sum(chain.ByExpiryA.AsSpan(i, len), chain.ByExpiryC.AsSpan(i, len), chain.ByExpiryW.AsSpan(i, len), lnS);
                run = -1;
            }
            if (b < to) skipped += abs[b];
        }
        return sum;
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
    /// contiguous range of the expiry-ordered columns). When the spots ascend (a grid) and pruning would
    /// skip at least a tenth of the terms, each block of
    /// contracts (<see cref="SweepBlocks"/>) is evaluated only at the spots inside its window (|d1| &lt;= 10
    /// for some contract of the block); a spot where the skipped contracts could move the sum by more
    /// than 1e-16 of itself is evaluated densely, so every value equals <see cref="ProfileDense"/> to
    /// rounding. Spread over all cores when contracts x spots exceeds <see cref="ParallelThreshold"/>
    /// and <paramref name="parallel"/> is true. Allocates only the per-call scratch.
    /// </summary>
    public static void Profile(PricedChain chain, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1, bool parallel = true) =>
        Run(chain, spots, net, exExpiry, skipExpiry, parallel, pruned: true);

    /// <summary>The same as <see cref="Profile"/> with every contract at every spot (no pruning): the dense reference.</summary>
    public static void ProfileDense(PricedChain chain, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1, bool parallel = true) =>
        Run(chain, spots, net, exExpiry, skipExpiry, parallel, pruned: false);

    /// <summary>The pruned loop of <see cref="Profile"/> whatever the share it skips (what the tests compare with <see cref="ProfileDense"/>).</summary>
    internal static void ProfilePruned(PricedChain chain, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1) =>
        Run(chain, spots, net, exExpiry, skipExpiry, parallel: false, pruned: true, alwaysPrune: true);

    private static void Run(PricedChain chain, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry, int skipExpiry, bool parallel, bool pruned, bool alwaysPrune = false)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (net.Length < spots.Length) throw new ArgumentException("The output span is shorter than the spots.", nameof(net));
        if (skipExpiry >= 0 && exExpiry.Length < spots.Length) throw new ArgumentException("The ex-expiry output span is shorter than the spots.", nameof(exExpiry));
        var n = spots.Length;
        var lnS = new double[n];
        for (var k = 0; k < n; k++) lnS[k] = Math.Log(spots[k]);
        for (var k = 1; k < n && pruned; k++) pruned = lnS[k] >= lnS[k - 1];
        // Where pruning would skip little (a chain of weeklies and monthlies: 98.5 % of the SPX sample's
        // terms are evaluated), the block-by-block loop costs more than it saves: run dense.
        if (pruned && !alwaysPrune && PrunedShare(chain, spots) > MaxPrunedShare) pruned = false;
        var rest = new double[n];
        var part = new double[n];
        var (lo, hi) = skipExpiry >= 0 ? Range(chain, skipExpiry) : (0, 0);
        var (bLo, bHi) = skipExpiry >= 0 ? BlockRange(chain, skipExpiry) : (0, 0);
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
                if (pruned) EvaluatePruned(chain, bLo, bHi, lo, hi, lnS.AsSpan(from, len), rest.AsSpan(from, len), part.AsSpan(from, len));
                else Evaluate(chain, lo, hi, lnS.AsSpan(from, len), rest.AsSpan(from, len), part.AsSpan(from, len));
            });
        }
        else if (pruned)
        {
            EvaluatePruned(chain, bLo, bHi, lo, hi, lnS, rest, part);
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
    /// <see cref="Evaluate"/> block by block over ascending <paramref name="lnS"/>: block b only at the spots in
    /// [Lo[b], Hi[b]] (two binary searches); blocks [bLo, bHi) (columns [lo, hi)) go to <paramref name="part"/>.
    /// The |W| each spot skipped is tallied with a difference array; a spot whose skipped weight is not
    /// negligible against its pruned sum (<see cref="SweepBlocks.Negligible"/>) is evaluated densely.
    /// </summary>
    private static void EvaluatePruned(PricedChain chain, int bLo, int bHi, int lo, int hi, ReadOnlySpan<double> lnS, Span<double> rest, Span<double> part)
    {
        var blocks = chain.Blocks;
        var (a, c, w) = (chain.ByExpiryA, chain.ByExpiryC, chain.ByExpiryW);
        var n = lnS.Length;
        if (n == 0) return;
        // live[k] = sum |W| of the blocks evaluated at spot k, via a difference array.
        var live = new double[n + 1];
        for (var b = 0; b < blocks.Count; b++)
        {
            var kl = LowerBound(lnS, blocks.Lo[b]);
            var kh = UpperBound(lnS, blocks.Hi[b]);
            if (kl >= kh) continue;
            var (i, len) = (blocks.Start[b], blocks.Start[b + 1] - blocks.Start[b]);
            var target = b >= bLo && b < bHi ? part : rest;
            SweepKernel.SumMany(a.AsSpan(i, len), c.AsSpan(i, len), w.AsSpan(i, len), lnS[kl..kh], target[kl..kh]);
            live[kl] += blocks.AbsWeight[b];
            live[kh] -= blocks.AbsWeight[b];
        }
        var evaluated = 0.0;
        for (var k = 0; k < n; k++)
        {
            evaluated += live[k];
            var skipped = Math.Max(0, blocks.TotalAbsWeight - evaluated);
            if (blocks.Negligible(skipped, rest[k] + part[k]) && (lo == hi || blocks.Negligible(skipped, rest[k]))) continue;
            // Dense at this spot (rare: near a zero of the sum, or a huge far-away position).
            var l = lnS[k];
            rest[k] = SweepKernel.Sum(a.AsSpan(0, lo), c.AsSpan(0, lo), w.AsSpan(0, lo), l) + SweepKernel.Sum(a.AsSpan(hi), c.AsSpan(hi), w.AsSpan(hi), l);
            part[k] = SweepKernel.Sum(a.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), w.AsSpan(lo, hi - lo), l);
        }
    }

    /// <summary>
    /// The share of the contract x spot terms that <see cref="Profile"/> evaluates over ascending
    /// <paramref name="spots"/> (1 = dense; the spots where it falls back to dense are not counted): how
    /// much of a chain is short-dated enough to prune.
    /// </summary>
    public static double PrunedShare(PricedChain chain, ReadOnlySpan<double> spots)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0 || spots.Length == 0) return 0;
        var lnS = new double[spots.Length];
        for (var k = 0; k < spots.Length; k++) lnS[k] = Math.Log(spots[k]);
        var blocks = chain.Blocks;
        var terms = 0.0;
        for (var b = 0; b < blocks.Count; b++)
            terms += (double)(blocks.Start[b + 1] - blocks.Start[b]) * (UpperBound(lnS, blocks.Hi[b]) - LowerBound(lnS, blocks.Lo[b]));
        return terms / ((double)chain.Count * spots.Length);
    }

    /// <summary>First index with values[k] &gt;= x (values ascending).</summary>
    internal static int LowerBound(ReadOnlySpan<double> values, double x)
    {
        int l = 0, h = values.Length;
        while (l < h)
        {
            var m = (l + h) >>> 1;
            if (values[m] < x) l = m + 1;
            else h = m;
        }
        return l;
    }

    /// <summary>First index with values[k] &gt; x (values ascending).</summary>
    internal static int UpperBound(ReadOnlySpan<double> values, double x)
    {
        int l = 0, h = values.Length;
        while (l < h)
        {
            var m = (l + h) >>> 1;
            if (values[m] <= x) l = m + 1;
            else h = m;
        }
        return l;
    }

    /// <summary>The blocks (<see cref="SweepBlocks"/>) of the settlement date of <paramref name="expiry"/>, as <see cref="Range"/> gives its columns.</summary>
    internal static (int Lo, int Hi) BlockRange(PricedChain chain, int expiry)
    {
        if (expiry >= chain.ExpiryStart.Length - 1) return (0, 0);
        var (first, end) = SameDate(chain, expiry);
        return (chain.Blocks.FirstBlock[first], chain.Blocks.FirstBlock[end]);
    }

    /// <summary>
    /// The contracts (expiry-ordered columns) of the settlement date of <paramref name="expiry"/>: an AM and a PM
    /// expiry on one date (SPX and SPXW) are left out together, as <c>--ex-next-expiry</c> leaves out the date.
    /// </summary>
    internal static (int Lo, int Hi) Range(PricedChain chain, int expiry)
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
