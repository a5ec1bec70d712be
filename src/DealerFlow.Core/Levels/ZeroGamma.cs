using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Zero gamma: every spot in [S (1 - range), S (1 + range)] where the dealers' net gamma of the
/// re-priced chain changes sign. The answer is defined by the dense scan (<see cref="CrossingsDense"/>):
/// the net gamma at the <see cref="LevelsSettings.GridPoints"/> spots of the search grid (<see cref="Grid"/>,
/// uniform in ln S), every sign change between neighbours polished by Brent's method to
/// <see cref="LevelsSettings.RootTolerance"/>. <see cref="Crossings"/> finds the same sign changes from the
/// recurrence profile, computed only where a coarse scan with a proven slope bound cannot rule a sign change out. The same crossings as <see cref="LevelsCalculator.Analyze"/> reports.
/// </summary>
public static class ZeroGamma
{
    /// <summary>
    /// Every crossing in ascending order (price units of the underlying), bit for bit those of the recurrence profile
    /// (<see cref="GammaSweep.Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>: a value differs from the
    /// dense one by at most 2.4e-13 of the gross gamma at that spot, 3.6e-13 in a same-day expiry's last hour, so a sign can
    /// differ from the dense scan's only where the dense value itself is within rounding of zero) with each sign change
    /// polished as the dense scan polishes it, without computing the whole profile: a coarse scan certifies the stretches
    /// of the grid where the net gamma cannot change sign (<see cref="CoarseScan"/>), and only the recurrence blocks that
    /// hold the rest are computed.
    /// </summary>
    public static List<double> Crossings(PricedChain chain, LevelsSettings settings) =>
        Search(chain, settings, static (c, g, v) => CoarseScan(c, g, v), GammaSweep.NetShares);

    /// <summary>
    /// Grid spots between two coarse points of <see cref="CoarseScan"/>: 11, so the 401-spot grid has 37 intervals (within
    /// <see cref="SweepKernel.MaxCoarsePoints"/>), fine enough that a real chain certifies most of them, and shorter than a
    /// recurrence block, so a coarse interval touches at most two blocks.
    /// </summary>
    internal const int CoarseStride = 11;

    /// <summary>Most contracts the certificate's rounding allowance covers (the summation error n u of the gross stays below 1.2e-10).</summary>
    private const int CoarseMaxContracts = 1_000_000;

    /// <summary>
    /// Fills <paramref name="values"/> (one per spot of <paramref name="grid"/>) so that <see cref="Polish"/> finds exactly the
    /// crossings it finds on the full recurrence profile: the profile's own value (bit for bit, <see cref="GammaSweep.ProfileBlocks"/>)
    /// at every spot of the recurrence blocks that a coarse interval without a certificate touches, and at every other spot +1
    /// or -1, the sign the certificate proves. Returns the number of recurrence blocks computed.
    /// <para>
    /// The certificate. With F(u) = sum_i w_i e^{-d_i^2/2}, d_i = a_i u + c_i (net gamma = F / S, so the same sign), the coarse
    /// points v_j = u_0 + j H, H = <see cref="CoarseStride"/> h (the last one may lie past the grid's end), and
    /// <see cref="SweepKernel.Bounds"/> giving F(v_j) and L_j &gt;= |F'| on [v_j, v_{j+1}]: for u in the interval,
    /// F(u) &gt;= F(v_j) - L_j (u - v_j) and F(u) &gt;= F(v_{j+1}) - L_j (v_{j+1} - u), so F(u) is at least the mean of the two,
    /// (F(v_j) + F(v_{j+1}) - L_j H) / 2 (mirrored for negative values). The gross G(u) = sum_i |w_i| e^{-d_i^2/2} is at most
    /// W = sum_i |w_i|. The interval is certified positive when both computed values are positive and
    /// F(v_j) + F(v_{j+1}) &gt; L_j H (1 + 1e-9) + 2e-9 W + 4 e^-700 W. The computed values are within 6.3e-13 + n u
    /// (n &lt;= 1e6 contracts: below 1.2e-10) of G of the exact ones and L_j within a relative 1e-10 (the per-term error and a
    /// sum of positive terms; the coarse points differ from the grid's spots by rounding, about 1e-17, which moves F by
    /// L_j x 1e-17, far inside the 1e-9 L_j H), the clamped exps by |w| e^-700 each; so on the whole interval
    /// F(u) &gt;= (2e-9 - 2.4e-10) W / 2 &gt; 8e-10 W. Every grid value the profile or the dense scan computes there is within
    /// 3.6e-13 + n u &lt;= 1.2e-10 of G(u) &lt;= W of the exact value, so it is positive too: no sign change and no zero between any
    /// two neighbouring spots of a certified interval, which is all <see cref="Polish"/> reads. Neighbouring spots always
    /// share a coarse interval (its ends included), so a sign change is only ever seen between two computed values, the
    /// profile's own, and Brent starts from the same brackets and values as on the full profile.
    /// </para>
    /// Without 256-bit vectors, on a grid of more than <see cref="SweepKernel.MaxCoarsePoints"/> coarse points, or with
    /// no or more than 1e6 contracts, every block is computed (the full profile).
    /// </summary>
    internal static int CoarseScan(PricedChain chain, SpotGrid grid, double[] values, bool parallel = true)
    {
        var n = grid.Count;
        var per = SweepKernel.BlockSpots;
        var blocks = new bool[(n + per - 1) / per];
        var m = (n - 1 + CoarseStride - 1) / CoarseStride + 1;
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || m > SweepKernel.MaxCoarsePoints || chain.Count is 0 or > CoarseMaxContracts)
        {
            Array.Fill(blocks, true);
            GammaSweep.ProfileBlocks(chain, grid, blocks, values, parallel);
            return blocks.Length;
        }
        var (f, slope) = (new double[m], new double[m]);
        var (a, c, w) = (chain.ByExpiryA, chain.ByExpiryC, chain.ByExpiryW);
        var (u0, step) = (grid.Offsets[0], CoarseStride * grid.Step);
        if (parallel && Environment.ProcessorCount > 1 && (long)chain.Count * m >= GammaSweep.ParallelThreshold / 8)
        {
            // Two halves of the contracts on two cores (the coarse values only decide which blocks to compute, never a result).
            var mid = a.Length / 2 / 16 * 16;
            var (f2, slope2) = (new double[m], new double[m]);
            Parallel.Invoke(
                () => SweepKernel.Bounds(a.AsSpan(0, mid), c.AsSpan(0, mid), w.AsSpan(0, mid), u0, step, f, slope),
                () => SweepKernel.Bounds(a.AsSpan(mid), c.AsSpan(mid), w.AsSpan(mid), u0, step, f2, slope2));
            for (var j = 0; j < m; j++) (f[j], slope[j]) = (f[j] + f2[j], slope[j] + slope2[j]);
        }
        else
        {
            SweepKernel.Bounds(a, c, w, u0, step, f, slope);
        }
        var total = chain.Blocks.TotalAbsWeight;
        var tail = 4 * Math.Exp(SweepKernel.MinExponent) * total;
        var sign = new int[m - 1];
        for (var j = 0; j + 1 < m; j++)
        {
            var reach = slope[j] * step;
            var margin = reach * (1 + 1e-9) + 2e-9 * total + tail;
            var sum = f[j] + f[j + 1];
            sign[j] = f[j] > 0 && f[j + 1] > 0 && sum > margin ? 1 : f[j] < 0 && f[j + 1] < 0 && -sum > margin ? -1 : 0;
            if (sign[j] != 0) continue;
            var (kLo, kHi) = (j * CoarseStride, Math.Min((j + 1) * CoarseStride, n - 1));
            blocks[kLo / per] = blocks[kHi / per] = true;
        }
        GammaSweep.ProfileBlocks(chain, grid, blocks, values, parallel);
        for (var j = 0; j + 1 < m; j++)
        {
            if (sign[j] == 0) continue;
            for (var k = j * CoarseStride; k <= Math.Min((j + 1) * CoarseStride, n - 1); k++)
                if (!blocks[k / per]) values[k] = sign[j];
        }
        var computed = 0;
        foreach (var b in blocks) if (b) computed++;
        return computed;
    }

    /// <summary>The dense scan: every contract exp-evaluated at every grid spot (<see cref="GammaSweep.ProfileDense(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>), then Brent on every sign change (the definition <see cref="Crossings"/> is tested against).</summary>
    public static List<double> CrossingsDense(PricedChain chain, LevelsSettings settings) =>
        Search(chain, settings, static (c, g, v) => GammaSweep.ProfileDense(c, g, v), GammaSweep.NetSharesDense);

    /// <summary>The grid values by <paramref name="profile"/>, then Brent with <paramref name="sweep"/> on every sign change.</summary>
    private static List<double> Search(PricedChain chain, LevelsSettings settings, Action<PricedChain, SpotGrid, double[]> profile, Func<PricedChain, double, int, double> sweep)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.GridPoints, 3);
        var grid = Grid(chain.Spot, settings);
        var values = new double[grid.Count];
        profile(chain, grid, values);
        return Polish(chain, grid, values, settings.RootTolerance, sweep);
    }

    /// <summary>The same with the scalar reference sweep at every grid spot and Brent step: the benchmark baseline.</summary>
    public static List<double> CrossingsScalar(PricedChain chain, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        var grid = Grid(chain.Spot, settings);
        var values = new double[grid.Count];
        for (var i = 0; i < grid.Count; i++) values[i] = GammaSweep.NetSharesScalar(chain, grid.Spots[i]);
        return Polish(chain, grid, values, settings.RootTolerance, GammaSweep.NetSharesScalar);
    }

    /// <summary>
    /// The search grid of the levels: <see cref="LevelsSettings.GridPoints"/> spots uniform in ln S over
    /// <paramref name="spot"/> x (1 -/+ <see cref="LevelsSettings.SearchRange"/>), ends included (<see cref="SpotGrid.Around"/>).
    /// The one grid of the profile, the zero-gamma scan and their references.
    /// </summary>
    public static SpotGrid Grid(double spot, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return SpotGrid.Around(spot, settings.SearchRange, settings.GridPoints);
    }

    /// <summary>Brent on every sign change of <paramref name="values"/> over <paramref name="grid"/>.</summary>
    internal static List<double> Polish(PricedChain chain, SpotGrid grid, double[] values, double tolerance, Func<PricedChain, double, int, double> sweep)
    {
        var crossings = new List<double>();
        Func<double, double> fn = s => sweep(chain, s, -1);
        var spots = grid.Spots;
        for (var i = 0; i + 1 < spots.Length; i++)
        {
            var (a, b) = (values[i], values[i + 1]);
            if (a == 0 && i > 0) continue; // counted as the right end of the previous interval
            if (a == 0 || (a < 0) != (b < 0) && b != 0 || b == 0)
            {
                if (RootFinder.TryBrent(fn, spots[i], spots[i + 1], a, b, tolerance, out var root))
                {
                    if (crossings.Count == 0 || Math.Abs(crossings[^1] - root) > tolerance * 10) crossings.Add(root);
                }
            }
        }
        return crossings;
    }
}
