using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;

namespace DealerFlow.Core.Tests.Levels;

public class ExposureSumsTests
{
    private static ExposureSums With(params double[] net) =>
        new(net.Select((x, k) => new StrikeExposure(100 + k, x, 0, x, Math.Abs(x))).ToArray(), [], [], 0, 0, 0, 0, 0, 0);

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(20)]
    public void Top_TiesNegativesAndNaN_EqualsStableSortByAbsoluteNet(int topN)
    {
        // Ties (|5| at strikes 101, 103 and 106) keep strike order; NaN sorts last, as OrderByDescending puts it.
        var sums = With(1, 5, -7, -5, double.NaN, 0, 5, 7, -0.5);
        var expected = sums.ByStrike.OrderByDescending(s => Math.Abs(s.Net)).Take(topN).Select(s => s.Strike).ToArray();
        Assert.Equal(expected, sums.Top(topN).Select(s => s.Strike).ToArray());
    }

    [Fact]
    public void Top_SpxChain_EqualsStableSortByAbsoluteNet()
    {
        var sums = LevelsCalculator.Analyze(Exposure.TestChains.Spx, LevelsSettings.Default).Exposure.ByStrike;
        var all = new ExposureSums([.. sums], [], [], 0, 0, 0, 0, 0, 0);
        var expected = sums.OrderByDescending(s => Math.Abs(s.Net)).Take(10).ToArray();
        Assert.Equal(expected, all.Top(10));
        Assert.Equal(10, all.Top(10).Length);
    }

    /// <summary>Calls and puts on three expiries, the expiries interleaved strike by strike (a feed's order, not a file's).</summary>
    private static PricedChain Interleaved()
    {
        var b = new ChainBuilder();
        var line = 1;
        DateOnly[] expiries = [new(2024, 1, 5), new(2024, 1, 19), new(2024, 3, 15)];
        for (var k = 4400.0; k <= 5000; k += 25)
        {
            foreach (var e in expiries)
            {
                foreach (var type in new[] { OptionType.Call, OptionType.Put })
                {
                    var oi = 100 + (k % 300) + (type == OptionType.Put ? 50 : 0) + e.Month;
                    b.Add(new OptionQuote("SPXW", e, type, k, double.NaN, double.NaN, double.NaN, 0, oi, 0.12 + Math.Abs(k - 4700) / 5000, double.NaN, double.NaN, line++));
                }
            }
        }
        var snap = b.Build("TEST", 4700, Hedging.SyntheticChains.Now, "synthetic");
        return ChainPricer.Price(snap, EngineSettings.Default with { Forwards = ForwardMode.Flat });
    }

    [Theory]
    [InlineData("spx")]
    [InlineData("interleaved")]
    public void Accumulate_EqualsSumsOverContracts(string name)
    {
        var chain = name == "spx" ? Exposure.TestChains.Spx : Interleaved();
        var n = chain.Count;
        double[] g = new double[n], d = new double[n], v = new double[n], c = new double[n];
        SpotGreeks.ComputeScalar(chain, chain.Spot, g, d, v, c);
        var factor = GexUnits.Factor(GexUnit.DollarsPerPercent, chain.Spot);
        var sums = ExposureSums.Accumulate(chain, factor, g, d, v, c);

        // The same sums straight from the definitions (docs/domain.md sections 6 and 7), grouped by LINQ.
        var gex = Enumerable.Range(0, n).Select(j => (j, Gex: chain.Position[j] * g[j] * factor, Call: chain.Type[j] == OptionType.Call)).ToArray();
        var scale = gex.Sum(x => Math.Abs(x.Gex));
        Assert.True(scale > 0);
        void Near(double expected, double actual, string what) => Assert.True(Math.Abs(expected - actual) <= 1e-13 * scale, $"{what}: {actual} vs {expected}");
        for (var e = 0; e < chain.Expiries.Count; e++)
        {
            Near(gex.Where(x => x.Call && chain.ExpiryIndex[x.j] == e).Sum(x => x.Gex), sums.ExpiryCalls[e], $"expiry {e} calls");
            Near(gex.Where(x => !x.Call && chain.ExpiryIndex[x.j] == e).Sum(x => x.Gex), sums.ExpiryPuts[e], $"expiry {e} puts");
        }
        for (var k = 0; k < chain.Strikes.Count; k++)
        {
            var at = gex.Where(x => chain.StrikeIndex[x.j] == k).ToArray();
            Assert.Equal(chain.Strikes[k], sums.ByStrike[k].Strike);
            Near(at.Where(x => x.Call).Sum(x => x.Gex), sums.ByStrike[k].Calls, $"strike {k} calls");
            Near(at.Where(x => !x.Call).Sum(x => x.Gex), sums.ByStrike[k].Puts, $"strike {k} puts");
            Near(at.Sum(x => Math.Abs(x.Gex)), sums.ByStrike[k].Absolute, $"strike {k} absolute");
        }
        Near(gex.Sum(x => x.Gex), sums.Total, "total");
        Near(gex.Where(x => x.Call).Sum(x => Math.Abs(x.Gex)), sums.CallAbs, "call side");
        Near(gex.Where(x => !x.Call).Sum(x => Math.Abs(x.Gex)), sums.PutAbs, "put side");
        var dexScale = Enumerable.Range(0, n).Sum(j => Math.Abs(chain.Position[j] * d[j]));
        Assert.Equal(Enumerable.Range(0, n).Sum(j => chain.Position[j] * d[j]), sums.Dex, 1e-13 * dexScale);
        Assert.Equal(Enumerable.Range(0, n).Sum(j => chain.Position[j] * v[j] / 100), sums.Vanna, 1e-13 * Enumerable.Range(0, n).Sum(j => Math.Abs(chain.Position[j] * v[j] / 100)));
        Assert.Equal(Enumerable.Range(0, n).Sum(j => chain.Position[j] * c[j] / 365), sums.Charm, 1e-13 * Enumerable.Range(0, n).Sum(j => Math.Abs(chain.Position[j] * c[j] / 365)));
    }
}
