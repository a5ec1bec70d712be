using DealerFlow.Core.Chain;
using System.Runtime.Intrinsics;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Exposure;

public class SpotGreeksTests
{
    [Fact]
    public void VectorCdf_AcrossCodysRanges_MatchesScalarCdf()
    {
        var worst512 = 0.0;
        var worst256 = 0.0;
        for (var k = -38_000; k <= 38_000; k += 3)
        {
            var x = k / 1000.0;
            var xs = Vector512.Create(x, x + 1e-4, x + 2e-4, x + 3e-4, x + 4e-4, x + 5e-4, x + 6e-4, x + 7e-4);
            var v512 = NormalVector.Cdf(xs, Vector512.Exp(xs * xs * Vector512.Create(-0.5)));
            var xs4 = xs.GetLower();
            var v256 = NormalVector.Cdf(xs4, Vector256.Exp(xs4 * xs4 * Vector256.Create(-0.5)));
            for (var lane = 0; lane < 8; lane++)
            {
                var reference = Normal.Cdf(xs[lane]);
                if (reference == 0) { Assert.True(v512[lane] < 1e-300); continue; }
                worst512 = Math.Max(worst512, Math.Abs(v512[lane] - reference) / reference);
                if (lane < 4) worst256 = Math.Max(worst256, Math.Abs(v256[lane] - reference) / reference);
            }
        }
        // Far tail: the exp argument x^2/2 carries its own rounding, (x^2/2) 2^-53 ~ 1e-13 at x = -38.
        Assert.True(worst512 <= 2e-13, $"Vector512 worst relative error {worst512:E3}");
        Assert.True(worst256 <= 2e-13, $"Vector256 worst relative error {worst256:E3}");
    }

    /// <summary>
    /// A lane's N(x) does not depend on its neighbours: a vector whose lanes all fall in one of Cody's ranges takes that
    /// range's short path, a vector of lanes in different ranges the general one, and the two give the same bits.
    /// </summary>
    [Fact]
    public void VectorCdf_LaneAloneOrAmongOtherRanges_SameBits()
    {
        // One x in each range of y = -x / sqrt 2 (|y| <= 0.46875, <= 4, > 4, beyond 26.543) and at the range edges.
        double[] xs = [-40, -37.6, -20, -5.7, -5.656854, -3, -1, -0.6629, -0.66, -0.3, 0, 0.25, 0.6629, 0.7, 2, 5.65, 5.66, 9, 38];
        var checkedLanes = 0;
        foreach (var x in xs)
        {
            var alone512 = NormalVector.Cdf(Vector512.Create(x), Gauss(Vector512.Create(x)));
            var alone256 = NormalVector.Cdf(Vector256.Create(x), Gauss(Vector512.Create(x)).GetLower());
            Assert.Equal(alone512[0], alone256[0]);
            for (var lane = 0; lane < 8; lane++)
            {
                foreach (var other in xs)
                {
                    // x in one lane, another range's value in every other lane.
                    var v = Vector512.Create(other).WithElement(lane, x);
                    var mixed512 = NormalVector.Cdf(v, Gauss(v));
                    Assert.True(BitConverter.DoubleToInt64Bits(alone512[0]) == BitConverter.DoubleToInt64Bits(mixed512[lane]), $"x {x} other {other} lane {lane}: {alone512[0]:R} vs {mixed512[lane]:R}");
                    // CdfPair's N(x) and N(-x) are Cdf of x and of -x, bit for bit, among the same neighbours.
                    var (up512, down512) = NormalVector.CdfPair(v, Gauss(v));
                    var minus512 = NormalVector.Cdf(-v, Gauss(v));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(mixed512[lane]), BitConverter.DoubleToInt64Bits(up512[lane]));
                    Assert.True(BitConverter.DoubleToInt64Bits(minus512[lane]) == BitConverter.DoubleToInt64Bits(down512[lane]), $"N(-x) x {x} other {other} lane {lane}: {down512[lane]:R} vs {minus512[lane]:R}");
                    if (lane < 4)
                    {
                        var mixed256 = NormalVector.Cdf(v.GetLower(), Gauss(v).GetLower());
                        Assert.Equal(BitConverter.DoubleToInt64Bits(alone256[0]), BitConverter.DoubleToInt64Bits(mixed256[lane]));
                        var (up256, down256) = NormalVector.CdfPair(v.GetLower(), Gauss(v).GetLower());
                        Assert.Equal(BitConverter.DoubleToInt64Bits(mixed256[lane]), BitConverter.DoubleToInt64Bits(up256[lane]));
                        Assert.Equal(BitConverter.DoubleToInt64Bits(NormalVector.Cdf(-v.GetLower(), Gauss(v).GetLower())[lane]), BitConverter.DoubleToInt64Bits(down256[lane]));
                    }
                    checkedLanes++;
                }
            }
        }
        Assert.Equal(xs.Length * xs.Length * 8, checkedLanes);

        // exp(-x^2/2) lane by lane (Vector512.Exp may treat a whole vector differently when one lane underflows).
        static Vector512<double> Gauss(Vector512<double> v)
        {
            var g = Vector512<double>.Zero;
            for (var i = 0; i < 8; i++) g = g.WithElement(i, Math.Exp(-0.5 * v[i] * v[i]));
            return g;
        }
    }

    [Theory]
    [InlineData("spx")]
    [InlineData("synthetic")]
    [InlineData("synthetic-odd")]
    public void Compute_Vectorized_EqualsBlackScholesGreeks(string name)
    {
        var chain = name switch
        {
            "spx" => TestChains.Spx,
            "synthetic" => TestChains.Synthetic(15_000, 21),
            _ => TestChains.Synthetic(1_003, 22, spot: 77.7),
        };
        var n = chain.Count;
        foreach (var spot in new[] { chain.Spot, chain.Spot * 0.9, chain.Spot * 1.07 })
        {
            double[] g = new double[n], d = new double[n], v = new double[n], c = new double[n];
            double[] rg = new double[n], rd = new double[n], rv = new double[n], rc = new double[n];
            SpotGreeks.Compute(chain, spot, g, d, v, c);
            SpotGreeks.ComputeScalar(chain, spot, rg, rd, rv, rc);
            for (var j = 0; j < n; j++)
            {
                // Relative 1e-12 plus each greek's slope in d1 times d1's own rounding. The reference's (ln(S/K) + drift) /
                // (sigma sqrt T) and the kernel's A u + C each carry about A 2^-53 from rounding the ratio of spot to strike and
                // a few ulp of |C| + |A u|, so dd1 below bounds both (about 4x the sum of those roundings); the slopes are exact:
                // gamma d1 gamma, delta df phi, vanna df phi (1 - d1 d2) / sigma, charm df phi (d1 (b A - d2 h) + h - (b - r)).
                var (aj, cj) = (chain.SweepA[j], chain.SweepC[j]);
                var d1 = cj + aj * Math.Log(spot / chain.Spot);
                var d2 = d1 - 1 / aj;
                var dd1 = 1e-15 * (1 + aj + Math.Abs(cj));
                if (0.5 * d1 * d1 > -SweepKernel.MinExponent - 1)
                {
                    // Past the kernels' exp clamp (e^-700, SweepKernel.MinExponent) every phi term is below 1e-290 on both sides:
                    // gamma and vanna vanish, delta is 0 or +-e^{(b-r)T}, charm is -(b - r) delta.
                    Assert.True(Math.Max(Math.Abs(g[j]), Math.Abs(v[j])) < 1e-290, $"gamma or vanna {j} past the clamp: {g[j]}, {v[j]}");
                    Assert.True(Math.Abs(d[j] - rd[j]) <= 1e-12 * Math.Abs(rd[j]) + 1e-290, $"delta {j} past the clamp: {d[j]} vs {rd[j]}");
                    Assert.True(Math.Abs(c[j] - rc[j]) <= 1e-12 * Math.Abs(rc[j]) + 1e-290, $"charm {j} past the clamp: {c[j]} vs {rc[j]}");
                    continue;
                }
                var dfPhi = rg[j] * spot / aj;
                var (h, b, r) = (chain.HalfInvYears[j], chain.Carry[j], chain.Rate);
                Assert.True(Math.Abs(g[j] - rg[j]) <= (1e-12 + Math.Abs(d1) * dd1) * Math.Abs(rg[j]) + 1e-300, $"gamma {j}: {g[j]} vs {rg[j]}");
                Assert.True(Math.Abs(d[j] - rd[j]) <= 1e-12 * Math.Abs(rd[j]) + dd1 * dfPhi + 1e-300, $"delta {j}: {d[j]} vs {rd[j]}");
                Assert.True(Math.Abs(v[j] - rv[j]) <= 1e-12 * Math.Abs(rv[j]) + dd1 * dfPhi * chain.InvVol[j] * (1 + Math.Abs(d1 * d2)) + 1e-300, $"vanna {j}: {v[j]} vs {rv[j]}");
                Assert.True(Math.Abs(c[j] - rc[j]) <= 1e-12 * Math.Abs(rc[j]) + dd1 * dfPhi * (Math.Abs(d1) * (Math.Abs(b) * aj + Math.Abs(d2) * h) + h + Math.Abs(b) + Math.Abs(r)) + 1e-300, $"charm {j}: {c[j]} vs {rc[j]}");
            }
        }
    }

    /// <summary>
    /// The pricer lists a strike's call and put at one IV as adjacent pairs first, and the pair loops take each pair's d1,
    /// exp and CDF once: their greeks equal the per-contract loops' bit for bit, on the real chain and on synthetic ones
    /// (whose pair counts leave a remainder for the per-contract loop), at whichever vector width this process runs.
    /// </summary>
    [Theory]
    [InlineData("spx", 5_910)]
    [InlineData("synthetic", -1)]
    [InlineData("synthetic-odd", -1)]
    public void Compute_CallPutPairsTakenOnce_SameBitsAsOnePerContract(string name, int expectedPairs)
    {
        var chain = name switch
        {
            "spx" => TestChains.Spx,
            "synthetic" => TestChains.Synthetic(15_000, 21),
            _ => TestChains.Synthetic(1_003, 22, spot: 77.7),
        };
        if (expectedPairs >= 0) Assert.Equal(expectedPairs, chain.Pairs);
        Assert.True(chain.Pairs > 100, $"{name}: {chain.Pairs} pairs");
        for (var p = 0; p < chain.Pairs; p++)
        {
            Assert.Equal(chain.StrikeColumn[2 * p], chain.StrikeColumn[2 * p + 1]);
            Assert.Equal(chain.ExpiryIndexColumn[2 * p], chain.ExpiryIndexColumn[2 * p + 1]);
            Assert.Equal((OptionType.Call, OptionType.Put), (chain.TypeColumn[2 * p], chain.TypeColumn[2 * p + 1]));
        }
        var n = chain.Count;
        foreach (var spot in new[] { chain.Spot, chain.Spot * 0.83, chain.Spot * 1.07 })
        {
            var paired = new double[4 * n];
            var single = new double[4 * n];
            SpotGreeks.Kernel(chain, spot, paired.AsSpan(0, n), paired.AsSpan(n, n), paired.AsSpan(2 * n, n), paired.AsSpan(3 * n, n), pairs: true);
            SpotGreeks.Kernel(chain, spot, single.AsSpan(0, n), single.AsSpan(n, n), single.AsSpan(2 * n, n), single.AsSpan(3 * n, n), pairs: false);
            for (var k = 0; k < 4 * n; k++)
                Assert.True(BitConverter.DoubleToInt64Bits(paired[k]) == BitConverter.DoubleToInt64Bits(single[k]), $"{name} at {spot}: greek {k / n} of contract {k % n}: {paired[k]:R} vs {single[k]:R}");
        }
    }
}
