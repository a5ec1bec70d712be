using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Zero gamma: every spot in [S (1 - range), S (1 + range)] where the dealers' net gamma of the
/// re-priced chain changes sign. The answer is defined by the dense scan (<see cref="CrossingsDense"/>):
/// the net gamma at <see cref="LevelsSettings.GridPoints"/> evenly spaced spots, every sign change
/// between neighbours polished by Brent's method to <see cref="LevelsSettings.RootTolerance"/>.
/// <see cref="Crossings"/> finds the same sign changes without evaluating every grid spot (see there).
/// The same crossings as <see cref="LevelsCalculator.Analyze"/> reports.
/// </summary>
public static class ZeroGamma
{
    /// <summary>Dense grid steps per interval of the first, coarse pass of <see cref="Crossings"/> (a power of two, so halving lands on grid spots).</summary>
    internal const int CoarseStep = 16;

    /// <summary>
    /// Every crossing in ascending order (price units of the underlying): the crossings of the dense
    /// scan, found by a coarse scan that cannot miss one. The dense grid is visited every
    /// <see cref="CoarseStep"/> spots; on each interval between visited spots
    /// <see cref="SweepKernel.Bounds"/> gives a lower and an upper bound of the net gamma over the whole
    /// interval (per contract, from its values at the two ends: the Gaussian in d1 is monotone between
    /// them unless d1 = 0 lies inside, where it is 1), widened by the largest possible contribution of
    /// the contracts it skipped (<see cref="SweepBlocks"/>: e^{-50} |W| each). An interval whose bounds
    /// are both of one sign, by more than 1e-12 of the gross gamma, holds no zero, so no spot of the
    /// dense grid inside it can show a sign change (the dense values are exact to about 1e-15 of the
    /// gross). Every other interval is halved, down to single grid steps, where the sign test is the
    /// dense scan's own. Sign changes are then polished exactly as the dense scan polishes them.
    /// </summary>
    public static List<double> Crossings(PricedChain chain, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.GridPoints, 3);
        var grid = Grid(chain.Spot, settings);
        var values = Scan(chain, grid);
        return Polish(chain, grid, values, settings.RootTolerance, GammaSweep.NetShares);
    }

    /// <summary>The dense scan: every contract at every grid spot (<see cref="GammaSweep.ProfileDense"/>), then Brent on every sign change (the definition <see cref="Crossings"/> is tested against).</summary>
    public static List<double> CrossingsDense(PricedChain chain, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.GridPoints, 3);
        var grid = Grid(chain.Spot, settings);
        var values = new double[grid.Length];
        GammaSweep.ProfileDense(chain, grid, values);
        return Polish(chain, grid, values, settings.RootTolerance, GammaSweep.NetSharesDense);
    }

    /// <summary>
    /// Net gamma (shares per $1) at the grid spots the search needs, and at every other grid spot a
    /// stand-in of the same sign (the value at the left end of the interval certified to hold no zero).
    /// </summary>
    internal static double[] Scan(PricedChain chain, double[] grid)
    {
        var n = grid.Length;
        var lnGrid = new double[n];
        for (var k = 0; k < n; k++) lnGrid[k] = Math.Log(grid[k]);
        var values = new double[n];
        var known = new bool[n];
        var pending = new List<(int I, int J)>();
        for (var i = 0; i < n - 1; i += CoarseStep) pending.Add((i, Math.Min(i + CoarseStep, n - 1)));
        var next = new List<(int I, int J)>();
        var points = new List<int>();
        var blocks = chain.Blocks;
        while (pending.Count > 0)
        {
            points.Clear();
            foreach (var (i, j) in pending)
            {
                if (points.Count == 0 || points[^1] != i) points.Add(i);
                points.Add(j);
            }
            var m = points.Count;
            var x = new double[m];
            for (var p = 0; p < m; p++) x[p] = lnGrid[points[p]];
            var sums = new double[m];
            var lower = new double[m];
            var upper = new double[m];
            var gross = new double[m];
            var pointLive = new double[m + 1];
            var intervalLive = new double[m + 1];
            for (var b = 0; b < blocks.Count; b++)
            {
                var kl = GammaSweep.LowerBound(x, blocks.Lo[b]);
                var kh = GammaSweep.UpperBound(x, blocks.Hi[b]);
                if (kh == 0 || kl == m) continue; // the block's window lies left or right of every point
                // Points kl - 1 .. kh (clipped): every interval that meets the window [Lo, Hi].
                var p0 = Math.Max(kl - 1, 0);
                var p1 = Math.Min(kh, m - 1);
                var (s, len) = (blocks.Start[b], blocks.Start[b + 1] - blocks.Start[b]);
                var count = p1 - p0 + 1;
                SweepKernel.Bounds(chain.ByExpiryA.AsSpan(s, len), chain.ByExpiryC.AsSpan(s, len), chain.ByExpiryW.AsSpan(s, len), x.AsSpan(p0, count),
                    sums.AsSpan(p0, count), lower.AsSpan(p0, count), upper.AsSpan(p0, count), gross.AsSpan(p0, count));
                pointLive[p0] += blocks.AbsWeight[b];
                pointLive[p1 + 1] -= blocks.AbsWeight[b];
                intervalLive[p0] += blocks.AbsWeight[b];
                intervalLive[p1] -= blocks.AbsWeight[b];
            }
            var (livePt, liveIv) = (0.0, 0.0);
            var skippedPt = new double[m];
            var skippedIv = new double[m];
            for (var p = 0; p < m; p++)
            {
                livePt += pointLive[p];
                liveIv += intervalLive[p];
                skippedPt[p] = Math.Max(0, blocks.TotalAbsWeight - livePt);
                skippedIv[p] = Math.Max(0, blocks.TotalAbsWeight - liveIv);
            }
            for (var p = 0; p < m; p++)
            {
                var k = points[p];
                if (known[k]) continue;
                known[k] = true;
                values[k] = blocks.Negligible(skippedPt[p], sums[p]) ? sums[p] / grid[k] : GammaSweep.NetShares(chain, grid[k]);
            }
            next.Clear();
            var at = 0;
            foreach (var (i, j) in pending)
            {
                while (points[at] != i) at++;
                if (j - i == 1) continue; // one grid step: the dense scan's own sign test, done by Polish
                var (vi, vj) = (values[i], values[j]);
                if (vi != 0 && vj != 0 && (vi < 0) == (vj < 0))
                {
                    // Both ends of one sign: certified when the bounds keep that sign over the interval.
                    var tail = SweepBlocks.TailFactor * (skippedIv[at] + 1e-12 * blocks.TotalAbsWeight);
                    var margin = 1e-12 * gross[at] + tail;
                    if (vi > 0 ? lower[at] > margin : upper[at] < -margin)
                    {
                        for (var k = i + 1; k < j; k++) values[k] = vi;
                        continue;
                    }
                }
                var mid = (i + j) / 2;
                next.Add((i, mid));
                next.Add((mid, j));
            }
            (pending, next) = (next, pending);
        }
        return values;
    }

    /// <summary>The same with the scalar reference sweep at every grid spot and Brent step: the benchmark baseline.</summary>
    public static List<double> CrossingsScalar(PricedChain chain, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        var grid = Grid(chain.Spot, settings);
        var values = new double[grid.Length];
        for (var i = 0; i < grid.Length; i++) values[i] = GammaSweep.NetSharesScalar(chain, grid[i]);
        return Polish(chain, grid, values, settings.RootTolerance, GammaSweep.NetSharesScalar);
    }

    internal static double[] Grid(double spot, LevelsSettings settings)
    {
        var lo = spot * (1 - settings.SearchRange);
        var hi = spot * (1 + settings.SearchRange);
        var n = settings.GridPoints;
        var grid = new double[n];
        for (var i = 0; i < n; i++) grid[i] = lo + (hi - lo) * i / (n - 1);
        return grid;
    }

    /// <summary>Brent on every sign change of <paramref name="values"/> over <paramref name="grid"/>.</summary>
    internal static List<double> Polish(PricedChain chain, double[] grid, double[] values, double tolerance, Func<PricedChain, double, int, double> sweep)
    {
        var crossings = new List<double>();
        Func<double, double> fn = s => sweep(chain, s, -1);
        for (var i = 0; i + 1 < grid.Length; i++)
        {
            var (a, b) = (values[i], values[i + 1]);
            if (a == 0 && i > 0) continue; // counted as the right end of the previous interval
            if (a == 0 || (a < 0) != (b < 0) && b != 0 || b == 0)
            {
                if (RootFinder.TryBrent(fn, grid[i], grid[i + 1], a, b, tolerance, out var root))
                {
                    if (crossings.Count == 0 || Math.Abs(crossings[^1] - root) > tolerance * 10) crossings.Add(root);
                }
            }
        }
        return crossings;
    }
}
