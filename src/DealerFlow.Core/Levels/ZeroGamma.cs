using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Zero gamma: every spot in [S (1 - range), S (1 + range)] where the dealers' net gamma of the
/// re-priced chain changes sign. The answer is defined by the dense scan (<see cref="CrossingsDense"/>):
/// the net gamma at the <see cref="LevelsSettings.GridPoints"/> spots of the search grid (<see cref="Grid"/>,
/// uniform in ln S), every sign change between neighbours polished by Brent's method to
/// <see cref="LevelsSettings.RootTolerance"/>. <see cref="Crossings"/> finds the same sign changes from the
/// recurrence profile. The same crossings as <see cref="LevelsCalculator.Analyze"/> reports.
/// </summary>
public static class ZeroGamma
{
    /// <summary>
    /// Every crossing in ascending order (price units of the underlying): the crossings of the dense scan, from
    /// the net gamma at every grid spot by <see cref="GammaSweep.Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>
    /// (an exact Gaussian recurrence on the grid uniform in ln S: a value differs from the dense one by at most
    /// 7.4e-14 of the gross gamma at that spot (6.1e-13 in a same-day expiry's last hour), so a sign can differ only where the dense value itself is
    /// within rounding of zero), each sign change polished exactly as the dense scan polishes it.
    /// </summary>
    public static List<double> Crossings(PricedChain chain, LevelsSettings settings) =>
        Search(chain, settings, static (c, g, v) => GammaSweep.Profile(c, g, v), GammaSweep.NetShares);

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
