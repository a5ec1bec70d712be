using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Zero gamma: every spot in [S (1 - range), S (1 + range)] where the dealers' net gamma of the
/// re-priced chain changes sign. The range is scanned on <see cref="LevelsSettings.GridPoints"/>
/// evenly spaced spots (one blocked vectorized profile pass) and each sign change is polished by
/// Brent's method to <see cref="LevelsSettings.RootTolerance"/>. The same crossings as
/// <see cref="LevelsCalculator.Analyze"/> reports.
/// </summary>
public static class ZeroGamma
{
    /// <summary>Every crossing in ascending order (price units of the underlying).</summary>
    public static List<double> Crossings(PricedChain chain, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.GridPoints, 3);
        var grid = Grid(chain.Spot, settings);
        var values = new double[grid.Length];
        GammaSweep.Profile(chain, grid, values);
        return Polish(chain, grid, values, settings.RootTolerance, GammaSweep.NetShares);
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
