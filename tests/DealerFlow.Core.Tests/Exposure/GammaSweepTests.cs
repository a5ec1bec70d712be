using System.Runtime.Intrinsics;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Tests.Exposure;

public class GammaSweepTests
{
    public static TheoryData<string> Chains => new() { "spx", "synthetic-15000", "synthetic-1001", "synthetic-7" };

    private static PricedChain Load(string name) => name switch
    {
        "spx" => TestChains.Spx,
        "synthetic-15000" => TestChains.Synthetic(15_000, 1),
        "synthetic-1001" => TestChains.Synthetic(1_001, 2, spot: 183.25),
        _ => TestChains.Synthetic(7, 3, spot: 41.5),
    };

    [Fact]
    public void VectorExpNonPositive_OverTheSweepRange_WithinTwoUlpsOfMathExp()
    {
        var worst = 0.0;
        var rng = new Random(7);
        for (var k = 0; k < 400_000; k++)
        {
            var x = k < 1000 ? -k * 0.7 : -700 * rng.NextDouble() * (k % 3 == 0 ? 1e-3 : 1);
            var v512 = Core.Pricing.VectorExp.NonPositive(Vector512.Create(x));
            var v256 = Core.Pricing.VectorExp.NonPositive(Vector256.Create(x));
            var exact = Math.Exp(x);
            worst = Math.Max(worst, Math.Max(Math.Abs(v512[0] - exact), Math.Abs(v256[3] - exact)) / exact);
        }
        Assert.Equal(1.0, Core.Pricing.VectorExp.NonPositive(Vector512<double>.Zero)[5]);
        Assert.True(worst <= 4.5e-16, $"worst relative error {worst:E3}");
        Assert.True(worst > 0, "the comparison must see the rounding of a polynomial exp");
    }

    [Fact]
    public void VectorExpBounded_BothSigns_WithinTwoUlpsOfMathExp()
    {
        // The recurrence profile takes e^x of its step ratios, which are above 1 on the rising side.
        var worst = 0.0;
        var rng = new Random(11);
        for (var k = 0; k < 200_000; k++)
        {
            var x = k < 2000 ? -708 + k * 0.708 : 708 * (2 * rng.NextDouble() - 1) * (k % 3 == 0 ? 1e-3 : 1);
            var v = Core.Pricing.VectorExp.Bounded(Vector256.Create(x));
            var exact = Math.Exp(x);
            worst = Math.Max(worst, Math.Abs(v[2] - exact) / exact);
        }
        Assert.Equal(Math.E, Core.Pricing.VectorExp.Bounded(Vector256<double>.One)[0], Math.E * 4.5e-16);
        Assert.True(worst <= 4.5e-16, $"worst relative error {worst:E3}");
    }

    [Fact]
    public void SweepColumns_SpxCallAndPutOfOneStrike_MergedIntoOneNodeWithTheirWeightsAdded()
    {
        // The sweeps evaluate one exp per node: contracts of one expiry sharing A and C (a strike's call and put at one IV).
        var chain = TestChains.Spx;
        var nodes = Enumerable.Range(0, chain.Count)
            .GroupBy(j => (chain.ExpiryIndex[j], BitConverter.DoubleToInt64Bits(chain.SweepA[j]), BitConverter.DoubleToInt64Bits(chain.SweepC[j])))
            .ToList();
        Assert.Equal(15_366, chain.Count);
        Assert.Equal(nodes.Count, chain.ByExpiryA.Length);
        Assert.True(chain.ByExpiryA.Length < 0.65 * chain.Count, $"{chain.ByExpiryA.Length} nodes for {chain.Count} contracts");
        Assert.Equal(chain.ByExpiryA.Length, chain.ExpiryStart[^1]);
        for (var e = 0; e < chain.Expiries.Count; e++)
        {
            var (lo, hi) = (chain.ExpiryStart[e], chain.ExpiryStart[e + 1]);
            var merged = chain.ByExpiryW.AsSpan(lo, hi - lo).ToArray().Sum();
            var contracts = Enumerable.Range(0, chain.Count).Where(j => chain.ExpiryIndex[j] == e).Sum(j => chain.SweepW[j]);
            var abs = Enumerable.Range(0, chain.Count).Where(j => chain.ExpiryIndex[j] == e).Sum(j => Math.Abs(chain.SweepW[j]));
            Assert.True(Math.Abs(merged - contracts) <= 1e-13 * abs, $"expiry {e}: {merged} vs {contracts}");
        }
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void NetShares_Vectorized_EqualsScalarReference(string name)
    {
        var chain = Load(name);
        Assert.True(chain.Count > 0);
        for (var k = -40; k <= 40; k++)
        {
            var spot = chain.Spot * (1 + k / 200.0);
            foreach (var skip in new[] { -1, 0, chain.Expiries.Count - 1 })
            {
                var fast = GammaSweep.NetShares(chain, spot, skip);
                var reference = GammaSweep.NetSharesScalar(chain, spot, skip);
                var scale = TestChains.AbsScale(chain, spot);
                Assert.True(Math.Abs(fast - reference) <= 1e-12 * scale, $"{name} S={spot} skip={skip}: {fast} vs {reference} (scale {scale})");
                if (Math.Abs(reference) > 1e-3 * scale)
                    Assert.True(Math.Abs(fast - reference) <= 1e-12 * Math.Abs(reference), $"{name} S={spot}: relative {Math.Abs(fast / reference - 1):E3}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Chains))]
    public void Profile_ManySpots_EqualsScalarPerSpot(string name)
    {
        var chain = Load(name);
        var n = 803; // odd: exercises the kernel's single-spot remainder
        var spots = Enumerable.Range(0, n).Select(i => chain.Spot * (0.8 + 0.4 * i / (n - 1))).ToArray();
        var net = new double[n];
        var ex = new double[n];
        GammaSweep.Profile(chain, spots, net, ex, 0);
        for (var i = 0; i < n; i++)
        {
            var scale = TestChains.AbsScale(chain, spots[i]);
            Assert.True(Math.Abs(net[i] - GammaSweep.NetSharesScalar(chain, spots[i])) <= 1e-12 * scale, $"net at {spots[i]}");
            Assert.True(Math.Abs(ex[i] - GammaSweep.NetSharesScalar(chain, spots[i], 0)) <= 1e-12 * scale, $"ex at {spots[i]}");
        }
    }

    [Fact]
    public void NetShares_FarOutOfTheMoneySpot_StaysFiniteAndMatches()
    {
        // Spots 10x away drive every exp argument far below -700: the clamp keeps the fast path.
        var chain = TestChains.Synthetic(2_000, 5);
        foreach (var spot in new[] { chain.Spot / 10, chain.Spot * 10 })
        {
            var fast = GammaSweep.NetShares(chain, spot);
            Assert.True(double.IsFinite(fast));
            Assert.True(Math.Abs(fast - GammaSweep.NetSharesScalar(chain, spot)) <= 1e-12 * Math.Max(TestChains.AbsScale(chain, spot), 1e-300));
        }
    }
}
