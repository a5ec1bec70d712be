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
                // Relative 1e-12, or absolute 1e-12 of the contract's own scale where the greek crosses zero.
                var pdfScale = chain.CarryDf[j] * Normal.InvSqrt2Pi;
                Assert.True(Math.Abs(g[j] - rg[j]) <= 1e-12 * Math.Abs(rg[j]) + 1e-300, $"gamma {j}: {g[j]} vs {rg[j]}");
                Assert.True(Math.Abs(d[j] - rd[j]) <= 1e-12 * Math.Abs(rd[j]) + 1e-300, $"delta {j}: {d[j]} vs {rd[j]}");
                Assert.True(Math.Abs(v[j] - rv[j]) <= 1e-12 * (Math.Abs(rv[j]) + pdfScale * chain.InvVol[j] * 1e-3) + 1e-300, $"vanna {j}: {v[j]} vs {rv[j]}");
                Assert.True(Math.Abs(c[j] - rc[j]) <= 1e-12 * (Math.Abs(rc[j]) + pdfScale * chain.HalfInvYears[j] * 1e-3) + 1e-300, $"charm {j}: {c[j]} vs {rc[j]}");
            }
        }
    }
}
