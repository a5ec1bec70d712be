using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;

namespace DealerFlow.Core.Tests.Exposure;

/// <summary>The vectorized LevelsCalculator against the scalar one it replaced, field by field.</summary>
public class LevelsEquivalenceTests
{
    public static TheoryData<string> Chains => new() { "spx", "synthetic-15000", "synthetic-300", "synthetic-2501" };

    private static PricedChain Load(string name) => name switch
    {
        "spx" => TestChains.Spx,
        "synthetic-15000" => TestChains.Synthetic(15_000, 11),
        "synthetic-300" => TestChains.Synthetic(300, 12, spot: 57.3),
        _ => TestChains.Synthetic(2_501, 13, spot: 912),
    };

    private static void Close(double expected, double actual, double scale, string what)
    {
        var tol = 1e-12 * Math.Max(Math.Abs(scale), Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: {actual} vs {expected} (|diff| {Math.Abs(expected - actual):E3}, tolerance {tol:E3})");
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Analyze_Vectorized_EqualsScalarReference(string name)
    {
        var chain = Load(name);
        var settings = LevelsSettings.Default;
        var fast = LevelsCalculator.Analyze(chain, settings);
        var reference = ScalarReference.Analyze(chain, settings);

        Assert.Equal(reference.Exposure.ByStrike.Count, fast.Exposure.ByStrike.Count);
        for (var k = 0; k < reference.Exposure.ByStrike.Count; k++)
        {
            var (r, f) = (reference.Exposure.ByStrike[k], fast.Exposure.ByStrike[k]);
            Assert.Equal(r.Strike, f.Strike);
            // Per-contract values differ by rounding only; a strike's sums are compared against its absolute exposure.
            Close(r.Calls, f.Calls, r.Absolute, $"calls at {r.Strike}");
            Close(r.Puts, f.Puts, r.Absolute, $"puts at {r.Strike}");
            Close(r.Net, f.Net, r.Absolute, $"net at {r.Strike}");
            Close(r.Absolute, f.Absolute, r.Absolute, $"absolute at {r.Strike}");
        }
        for (var e = 0; e < reference.Exposure.ByExpiry.Count; e++)
        {
            var (r, f) = (reference.Exposure.ByExpiry[e], fast.Exposure.ByExpiry[e]);
            var scale = Math.Abs(r.Calls) + Math.Abs(r.Puts);
            Close(r.Calls, f.Calls, scale, $"expiry {r.Expiry} calls");
            Close(r.Puts, f.Puts, scale, $"expiry {r.Expiry} puts");
        }
        var rl = reference.Levels;
        var fl = fast.Levels;
        var absTotal = reference.Exposure.ByStrike.Sum(s => s.Absolute);
        Close(rl.TotalGex.Value, fl.TotalGex.Value, absTotal, "total GEX");
        Close(rl.DeltaExposure!.Value.Value, fl.DeltaExposure!.Value.Value, 0, "DEX");
        Close(rl.VannaExposure!.Value.Value, fl.VannaExposure!.Value.Value, 0, "vanna");
        Close(rl.CharmExposure!.Value.Value, fl.CharmExposure!.Value.Value, 0, "charm");
        Assert.Equal(rl.CallWall, fl.CallWall);
        Assert.Equal(rl.PutWall, fl.PutWall);
        Assert.Equal(rl.AbsoluteGammaStrike, fl.AbsoluteGammaStrike);
        Assert.Equal(rl.TopStrikes.Select(s => s.Strike), fl.TopStrikes.Select(s => s.Strike));
        Assert.Equal(rl.GammaTilt is null, fl.GammaTilt is null);
        if (rl.GammaTilt is { } tilt) Close(tilt, fl.GammaTilt!.Value, 0, "gamma tilt");
        Assert.Equal(rl.Regime, fl.Regime);
        Assert.Equal(rl.AtmIv, fl.AtmIv);
        Assert.Equal(rl.VendorGamma is null, fl.VendorGamma is null);
        if (rl.VendorGamma is { } rv)
        {
            Close(rv.Recomputed.Value, fl.VendorGamma!.Recomputed.Value, absTotal, "vendor check, recomputed");
            Assert.Equal(rv.Contracts, fl.VendorGamma.Contracts);
            Assert.Equal(rv.VendorZeroButMaterial, fl.VendorGamma.VendorZeroButMaterial);
        }

        // Profile: the sums run in a different order (vector lanes), so they agree to 1e-12 of the
        // sum of absolute terms at that spot (relative to the value itself away from its zeros).
        for (var i = 0; i < reference.Exposure.Profile.Count; i++)
        {
            var (r, f) = (reference.Exposure.Profile[i], fast.Exposure.Profile[i]);
            Assert.Equal(r.Spot, f.Spot);
            var scale = TestChains.AbsScale(chain, r.Spot) * GexUnits.Factor(settings.Unit, r.Spot);
            Close(r.Gex, f.Gex, scale, $"profile at {r.Spot}");
            Close(r.GexExNextExpiry, f.GexExNextExpiry, scale, $"profile ex-next at {r.Spot}");
        }

        // Roots: Brent polishes both to the same tolerance on functions equal to rounding.
        Assert.Equal(rl.ZeroGammaCrossings.Count, fl.ZeroGammaCrossings.Count);
        for (var i = 0; i < rl.ZeroGammaCrossings.Count; i++)
            Assert.True(Math.Abs(rl.ZeroGammaCrossings[i] - fl.ZeroGammaCrossings[i]) <= settings.RootTolerance, $"crossing {i}: {fl.ZeroGammaCrossings[i]} vs {rl.ZeroGammaCrossings[i]}");
    }

    [Fact]
    public void Analyze_SpxChain_HasAZeroGammaCrossing()
    {
        // Guards the equivalence test above against comparing two empty root lists.
        var fast = LevelsCalculator.Analyze(TestChains.Spx, LevelsSettings.Default);
        Assert.NotEmpty(fast.Levels.ZeroGammaCrossings);
    }
}

public class ZeroGammaTests
{
    [Fact]
    public void Crossings_SpxChain_MatchAnalyzeAndScalar()
    {
        var chain = TestChains.Spx;
        var settings = LevelsSettings.Default;
        var fast = ZeroGamma.Crossings(chain, settings);
        var scalar = ZeroGamma.CrossingsScalar(chain, settings);
        Assert.NotEmpty(fast);
        var analyzed = LevelsCalculator.Analyze(chain, settings).Levels.ZeroGammaCrossings;
        Assert.Equal(analyzed.Count, fast.Count);
        for (var i = 0; i < fast.Count; i++) Assert.True(Math.Abs(fast[i] - analyzed[i]) <= 1e-12 * analyzed[i]);
        Assert.Equal(scalar.Count, fast.Count);
        for (var i = 0; i < fast.Count; i++) Assert.True(Math.Abs(fast[i] - scalar[i]) <= settings.RootTolerance);
    }
}
