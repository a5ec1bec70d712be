using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Tests.Chain;

public class SyntheticChainTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(300)]
    [InlineData(15_001)]
    public void Generate_AnySize_HasExactlyThatManyContracts(int n)
    {
        var chain = SyntheticChain.Generate(new SyntheticChainOptions { Contracts = n });
        Assert.Equal(n, chain.Count);
    }

    [Fact]
    public void Generate_SameSeed_SameChain()
    {
        var a = SyntheticChain.Generate(new SyntheticChainOptions { Contracts = 2_000, Seed = 9 });
        var b = SyntheticChain.Generate(new SyntheticChainOptions { Contracts = 2_000, Seed = 9 });
        var c = SyntheticChain.Generate(new SyntheticChainOptions { Contracts = 2_000, Seed = 10 });
        Assert.True(a.OpenInterest.SequenceEqual(b.OpenInterest));
        Assert.True(a.Bid.SequenceEqual(b.Bid));
        Assert.False(a.OpenInterest.SequenceEqual(c.OpenInterest));
    }

    [Fact]
    public void Generate_Smile_PutWingAboveCallWing()
    {
        var chain = SyntheticChain.Generate(new SyntheticChainOptions { Contracts = 4_000 });
        var expiry = chain.Expiry[chain.Count - 1];
        double low = double.NaN, high = double.NaN, atm = double.NaN;
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain.Expiry[i] != expiry) continue;
            var m = chain.Strike[i] / chain.Spot;
            if (double.IsNaN(low) && m < 0.8) low = chain.VendorIv[i];
            if (m > 1.2) high = chain.VendorIv[i];
            if (Math.Abs(m - 1) < 0.02) atm = chain.VendorIv[i];
        }
        Assert.True(low > atm, $"put wing {low} vs atm {atm}");
        Assert.True(low > high, $"put wing {low} vs call wing {high}");
    }

    [Fact]
    public void Generate_OpenInterest_ConcentratesAtRoundStrikes()
    {
        var chain = SyntheticChain.Generate(new SyntheticChainOptions { Contracts = 15_000 });
        double round = 0, other = 0;
        int nRound = 0, nOther = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            if (Math.Abs(chain.Strike[i] / chain.Spot - 1) > 0.03) continue;
            if (chain.Strike[i] % 100 == 0) { round += chain.OpenInterest[i]; nRound++; }
            else { other += chain.OpenInterest[i]; nOther++; }
        }
        Assert.True(nRound > 0 && nOther > 0);
        Assert.True(round / nRound > 2 * (other / nOther), $"mean OI at multiples of 100: {round / nRound}, elsewhere {other / nOther}");
    }

    [Fact]
    public void Market_FiveThousandUnderlyings_DistinctSymbolsAndSeeds()
    {
        var market = SyntheticChain.Market(5_000, 300);
        Assert.Equal(5_000, market.Select(m => m.Underlying).Distinct().Count());
        Assert.All(market, m => Assert.InRange(m.Spot, 20, 5000));
    }
}
