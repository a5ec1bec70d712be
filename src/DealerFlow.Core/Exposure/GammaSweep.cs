using System.Buffers;

namespace DealerFlow.Core.Exposure;

/// <summary>
/// Dealer gamma of a whole priced chain re-priced at a hypothetical spot S (same T, own IV, forward
/// moving with spot): sum_i position_i x gamma_i(S), in shares per $1. With the per-contract
/// constants of <see cref="PricedChain"/> the inner loop is one exp and a few multiply-adds:
/// d1 = A ln(S / S0) + C (S0 the chain's spot), position x gamma = W exp(-d1^2 / 2) / S. Vectorized (AVX-512 or AVX2, scalar
/// tail); equal to <see cref="NetSharesScalar"/> to about 1e-15 of sum_i |position_i x gamma_i|.
/// </summary>
public static class GammaSweep
{
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
        var lnS = chain.LogMove(spot);
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
        return DenseSum(chain, chain.LogMove(spot), skipExpiry) / spot;
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
        var lnS = chain.LogMove(spot);
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
    /// Net dealer gamma (shares per $1) at every spot of <paramref name="grid"/> into <paramref name="net"/>, and, when
    /// <paramref name="skipExpiry"/> &gt;= 0, the same without that expiry's settlement date into <paramref name="exExpiry"/>
    /// (no extra exp: the expiry is a contiguous range of the expiry-ordered columns). On the grid uniform in ln S,
    /// d1 moves by a fixed step per contract from one spot to the next, so <see cref="SweepKernel.SumGrid"/> replaces
    /// most exps by an exact Gaussian recurrence (bound and proof there), left out what cannot matter (|d1| &gt; 10 over a
    /// block of 65 spots, at most e^-50 of the weight), and a spot where the left-out weight could move the sum by more
    /// than 1e-16 of itself is evaluated densely: every value equals <see cref="ProfileDense(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>
    /// within 2.4e-13 of sum_i |position_i x gamma_i| in the worst case (3.6e-13 with same-day contracts in their last hour). Spread over all cores when contracts x spots
    /// exceeds <see cref="ParallelThreshold"/> and <paramref name="parallel"/> is true (the split does not change a value).
    /// Allocates only the per-call scratch.
    /// </summary>
    public static void Profile(PricedChain chain, SpotGrid grid, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(grid);
        var n = grid.Count;
        CheckOutputs(n, net, exExpiry, skipExpiry);
        var scratch = ArrayPool<double>.Shared.Rent(4 * n);
        var (lo, hi) = skipExpiry >= 0 ? Range(chain, skipExpiry) : (0, 0);
        RunGrid(chain, grid, lo, hi, scratch, default, parallel);
        var spots = grid.Spots;
        for (var k = 0; k < n; k++)
        {
            var (rest, part) = (scratch[k], scratch[n + k]);
            net[k] = (rest + part) / spots[k];
            if (skipExpiry >= 0) exExpiry[k] = rest / spots[k];
        }
        ArrayPool<double>.Shared.Return(scratch);
    }

    /// <summary>
    /// Net dealer gamma (shares per $1) of the whole chain at the spots of the recurrence blocks of <paramref name="grid"/>
    /// (<see cref="SweepKernel.BlockSpots"/> spots each, block b = spots [65 b, 65 b + 64]) that <paramref name="blocks"/> flags,
    /// into <paramref name="net"/>; the other spots are left as they are. Each value is bit for bit the one
    /// <see cref="Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/> gives at that spot: the same
    /// kernel over the same block, the same dense fallback (the profile's own split across cores relies on the same fact).
    /// </summary>
    internal static void ProfileBlocks(PricedChain chain, SpotGrid grid, ReadOnlySpan<bool> blocks, Span<double> net, bool parallel = true)
    {
        var n = grid.Count;
        CheckOutputs(n, net, default, -1);
        var scratch = ArrayPool<double>.Shared.Rent(4 * n);
        RunGrid(chain, grid, 0, 0, scratch, blocks, parallel);
        var spots = grid.Spots;
        for (var k = 0; k < n; k++)
            if (blocks[k / SweepKernel.BlockSpots]) net[k] = (scratch[k] + scratch[n + k]) / spots[k];
        ArrayPool<double>.Shared.Return(scratch);
    }

    /// <summary>
    /// The recurrence sweep behind <see cref="Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/> and
    /// <see cref="ProfileBlocks"/>: into <paramref name="scratch"/> [rest | part | skipped rest | skipped part] (n each; part = the
    /// expiry-ordered columns [lo, hi), rest = the others) at every spot of the selected blocks (<paramref name="blocks"/> empty =
    /// all), with the dense fallback at each spot where the left-out weight is not negligible.
    /// </summary>
    private static void RunGrid(PricedChain chain, SpotGrid grid, int lo, int hi, double[] scratch, ReadOnlySpan<bool> blocks, bool parallel)
    {
        var n = grid.Count;
        Array.Clear(scratch, 0, 4 * n);
        var (a, c, w) = (chain.ByExpiryA, chain.ByExpiryC, chain.ByExpiryW);
        var h = grid.Step;
        void Chunk(int from, int len)
        {
            var u = grid.Offsets.Slice(from, len);
            var rest = scratch.AsSpan(from, len);
            var skipRest = scratch.AsSpan(2 * n + from, len);
            SweepKernel.SumGrid(a.AsSpan(0, lo), c.AsSpan(0, lo), w.AsSpan(0, lo), u, h, rest, skipRest);
            SweepKernel.SumGrid(a.AsSpan(hi), c.AsSpan(hi), w.AsSpan(hi), u, h, rest, skipRest);
            SweepKernel.SumGrid(a.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), w.AsSpan(lo, hi - lo), u, h, scratch.AsSpan(n + from, len), scratch.AsSpan(3 * n + from, len));
        }
        var per = SweepKernel.BlockSpots;
        var count = (n + per - 1) / per;
        var chosen = 0;
        for (var b = 0; b < count; b++) if (blocks.IsEmpty || blocks[b]) chosen++;
        var cores = parallel && Environment.ProcessorCount > 1
            && (blocks.IsEmpty ? (long)chain.Count * n >= ParallelThreshold && n >= 2 * per : chosen > 1 && (long)chain.Count * per * chosen >= ParallelThreshold / 4)
            ? Math.Min(Environment.ProcessorCount, chosen) : 1;
        // Two parts per core: a core another process holds up delays the profile by at most a part (about 2 blocks), and each extra
        // part repeats only its groups' loads and step ratios (one exp per lane against the 14 of the blocks' setups).
        var runs = Runs(n, blocks, chosen, cores > 1 ? Math.Min(2 * cores, chosen) : 1);
        if (runs.Count > 1 && cores > 1)
            Parallel.For(0, runs.Count, t => Chunk(runs[t].From, runs[t].Length));
        else
            foreach (var (from, len) in runs) Chunk(from, len);
        var blocksOf = chain.Blocks;
        var offsets = grid.Offsets;
        for (var k = 0; k < n; k++)
        {
            if (!blocks.IsEmpty && !blocks[k / per]) continue;
            var (rest, part, skipRest, skipPart) = (scratch[k], scratch[n + k], scratch[2 * n + k], scratch[3 * n + k]);
            if (!blocksOf.Negligible(skipRest + skipPart, rest + part) || (lo != hi && !blocksOf.Negligible(skipRest, rest)))
            {
                // Dense at this spot (rare: near a zero of the sum, or a huge far-away position).
                var x = offsets[k];
                scratch[k] = SweepKernel.Sum(a.AsSpan(0, lo), c.AsSpan(0, lo), w.AsSpan(0, lo), x) + SweepKernel.Sum(a.AsSpan(hi), c.AsSpan(hi), w.AsSpan(hi), x);
                scratch[n + k] = SweepKernel.Sum(a.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), w.AsSpan(lo, hi - lo), x);
            }
        }
    }

    /// <summary>
    /// The selected recurrence blocks of an <paramref name="n"/>-spot grid (<paramref name="blocks"/> empty = all) as runs of whole,
    /// adjacent blocks (first spot, spot count), cut into about <paramref name="parts"/> parts of equal cost: a part holds the
    /// blocks whose middle falls in its share of the cost, each block costing its spots plus 80 (its setup: about as much as
    /// the walk of 80 spots, by a perf profile of the SPX profile on Zen 3, where the setups of 33-spot blocks took 2.4 times
    /// the walks' time). Whole blocks, so every value is the one a single call gives (a block's values do not depend on
    /// the call that computed it); a run of several blocks sets each group of contracts up once and lets the setups of its
    /// blocks overlap, where one work item per block repeated the group's loads and step ratios for every block.
    /// </summary>
    private static List<(int From, int Length)> Runs(int n, ReadOnlySpan<bool> blocks, int chosen, int parts)
    {
        const int setupCost = 80;
        var per = SweepKernel.BlockSpots;
        var count = (n + per - 1) / per;
        var total = 0.0;
        for (var b = 0; b < count; b++) if (blocks.IsEmpty || blocks[b]) total += Math.Min(per, n - b * per) + setupCost;
        var runs = new List<(int From, int Length)>(Math.Min(chosen, 2 * parts));
        var (before, part, last) = (0.0, -1, -2);
        for (var b = 0; b < count; b++)
        {
            if (!(blocks.IsEmpty || blocks[b])) continue;
            var cost = Math.Min(per, n - b * per) + setupCost;
            var p = Math.Min(parts - 1, (int)((before + cost / 2.0) * parts / total));
            before += cost;
            var len = Math.Min(per, n - b * per);
            if (p == part && last == b - 1) runs[^1] = (runs[^1].From, runs[^1].Length + len);
            else runs.Add((b * per, len));
            (part, last) = (p, b);
        }
        return runs;
    }

    /// <summary>The same as <see cref="Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/> with every contract exp-evaluated at every spot of the grid (d1 at the grid's own offsets): the dense reference.</summary>
    public static void ProfileDense(PricedChain chain, SpotGrid grid, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(grid);
        RunDense(chain, grid.Offsets, grid.Spots, net, exExpiry, skipExpiry, parallel);
    }

    /// <summary>
    /// Net dealer gamma (shares per $1) at every spot of <paramref name="spots"/> (any order) into <paramref name="net"/>,
    /// and, when <paramref name="skipExpiry"/> &gt;= 0, the same without that expiry's date into <paramref name="exExpiry"/>:
    /// every contract exp-evaluated at every spot (the blocked multi-spot kernel). For the levels grid use the
    /// <see cref="SpotGrid"/> overload, which is several times faster.
    /// </summary>
    public static void Profile(PricedChain chain, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry = default, int skipExpiry = -1, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var x = new double[spots.Length];
        for (var k = 0; k < spots.Length; k++) x[k] = chain.LogMove(spots[k]);
        RunDense(chain, x, spots, net, exExpiry, skipExpiry, parallel);
    }

    private static void CheckOutputs(int n, Span<double> net, Span<double> exExpiry, int skipExpiry)
    {
        if (net.Length < n) throw new ArgumentException("The output span is shorter than the spots.", nameof(net));
        if (skipExpiry >= 0 && exExpiry.Length < n) throw new ArgumentException("The ex-expiry output span is shorter than the spots.", nameof(exExpiry));
    }

    private static void Finish(ReadOnlySpan<double> spots, double[] rest, double[] part, Span<double> net, Span<double> exExpiry, int skipExpiry)
    {
        for (var k = 0; k < spots.Length; k++)
        {
            net[k] = (rest[k] + part[k]) / spots[k];
            if (skipExpiry >= 0) exExpiry[k] = rest[k] / spots[k];
        }
    }

    /// <summary>Every contract at every x = ln(S / S0) of <paramref name="x"/>, divided by the matching spot.</summary>
    private static void RunDense(PricedChain chain, ReadOnlySpan<double> x, ReadOnlySpan<double> spots, Span<double> net, Span<double> exExpiry, int skipExpiry, bool parallel)
    {
        var n = spots.Length;
        CheckOutputs(n, net, exExpiry, skipExpiry);
        var lnS = x.ToArray();
        var rest = new double[n];
        var part = new double[n];
        var (lo, hi) = skipExpiry >= 0 ? Range(chain, skipExpiry) : (0, 0);
        if (parallel && (long)chain.Count * n >= ParallelThreshold && Environment.ProcessorCount > 1 && n >= 8)
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
        Finish(spots, rest, part, net, exExpiry, skipExpiry);
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
    /// The share of the node x spot terms (a node: the contracts of one expiry with the same A and C) that block pruning
    /// (<see cref="SweepBlocks"/>: a block of 64 nodes skipped where every node has |d1| &gt; 10) would still evaluate over ascending
    /// <paramref name="spots"/> (1 = dense): how much of a chain is short-dated enough to prune.
    /// </summary>
    public static double PrunedShare(PricedChain chain, ReadOnlySpan<double> spots)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Count == 0 || spots.Length == 0) return 0;
        var lnS = new double[spots.Length];
        for (var k = 0; k < spots.Length; k++) lnS[k] = chain.LogMove(spots[k]);
        var blocks = chain.Blocks;
        var terms = 0.0;
        for (var b = 0; b < blocks.Count; b++)
            terms += (double)(blocks.Start[b + 1] - blocks.Start[b]) * (UpperBound(lnS, blocks.Hi[b]) - LowerBound(lnS, blocks.Lo[b]));
        return terms / ((double)chain.ByExpiryA.Length * spots.Length);
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
