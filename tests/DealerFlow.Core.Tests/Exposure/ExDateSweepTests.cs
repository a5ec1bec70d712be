using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Tests.Exposure;

/// <summary>Leaving an expiry out leaves its whole settlement date out: SPX (AM) and SPXW (PM) of one date together (issue 9, item 3).</summary>
public class ExDateSweepTests
{
    [Fact]
    public void NetShares_SkipAmMonthly_AlsoLeavesOutThePmExpiryOfThatDate()
    {
        var chain = TestChains.Spx;
        var jan19 = new DateOnly(2024, 1, 19);
        var am = chain.Expiries.ToList().FindIndex(x => x.Date == jan19 && x.Settlement == Core.Chain.SettlementStyle.AM);
        var pm = chain.Expiries.ToList().FindIndex(x => x.Date == jan19 && x.Settlement == Core.Chain.SettlementStyle.PM);
        Assert.True(am >= 0 && pm >= 0 && am != pm);
        var spot = chain.Spot;
        var total = GammaSweep.NetSharesScalar(chain, spot);
        // Exposure of the date's contracts alone, summed by hand.
        double date = 0;
        var gamma = new double[chain.Count];
        SpotGreeks.Compute(chain, spot, gamma, new double[chain.Count], new double[chain.Count], new double[chain.Count]);
        for (var j = 0; j < chain.Count; j++)
            if (chain.Expiries[chain.ExpiryIndexColumn[j]].Date == jan19) date += chain.PositionColumn[j] * gamma[j];
        Assert.True(Math.Abs(date) > 1e-3 * Math.Abs(total));
        foreach (var skip in new[] { am, pm })
        {
            Assert.Equal(total - date, GammaSweep.NetShares(chain, spot, skip), Math.Abs(total) * 1e-9);
            Assert.Equal(total - date, GammaSweep.NetSharesScalar(chain, spot, skip), Math.Abs(total) * 1e-9);
            var ex = new double[1];
            GammaSweep.Profile(chain, [spot], new double[1], ex, skip, parallel: false);
            Assert.Equal(total - date, ex[0], Math.Abs(total) * 1e-9);
        }
    }
}
