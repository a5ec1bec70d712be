using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Levels;

/// <summary>
/// The straightforward scalar numbers behind the same report as <see cref="LevelsCalculator"/>: one
/// <see cref="BlackScholes.Greeks"/> call per contract (<see cref="SpotGreeks.ComputeScalar"/>) and one scalar
/// <see cref="GammaSweep.NetSharesScalar"/> pass per profile spot and per Brent step. Only the numbers are its own:
/// accumulation, crossings, walls, regime and text are the calculator's code. Kept as the oracle of the equivalence
/// tests and the in-run baseline of the benchmarks; not for production use.
/// </summary>
public static class ScalarReference
{
    private static readonly LevelsKernels Kernels = new(SpotGreeks.ComputeScalar, Profile, GammaSweep.NetSharesScalar);

    /// <summary>
    /// The same report as <see cref="LevelsCalculator.Analyze"/> from scalar numbers (greeks contract by contract, the
    /// profile and the Brent steps one spot at a time), through the calculator's one code path: the equivalence tests
    /// compare the two within stated tolerances, and the benchmarks time it as the baseline.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> or <paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 3 grid points, or a search range outside (0, 1).</exception>
    public static GexAnalysis Analyze(PricedChain chain, LevelsSettings settings) => LevelsCalculator.AnalyzeWith(chain, settings, Kernels);

    private static void Profile(PricedChain chain, SpotGrid grid, Span<double> net, Span<double> exExpiry, int skipExpiry)
    {
        var spots = grid.Spots;
        for (var i = 0; i < spots.Length; i++)
        {
            net[i] = GammaSweep.NetSharesScalar(chain, spots[i]);
            if (skipExpiry >= 0) exExpiry[i] = GammaSweep.NetSharesScalar(chain, spots[i], skipExpiry);
        }
    }
}
