using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Data.Readers;

namespace DealerFlow.Cli.Tests;

/// <summary>The one IV surface of <c>--iv auto</c> (issue 9, item 2) on the real chains in tests/data.</summary>
public class IvSurfaceOnRealChainsTests
{
    public static TheoryData<string> Files =>
    [
        "spx_quotedata_2024-01-05.csv", "spx_quotedata_2022-07-12_intraday.csv", "ndx_quotedata_2022-02-04.csv",
        "spy_quotedata_2025-09-25.csv", "spy_yfinance_2026-02-10.csv", "spy_chain_2020-01-29_tdameritrade.json",
        "series_spy/spy_quotedata_2025-05-01_0828.csv", "series_spy/spy_quotedata_2025-09-03_0924.csv",
    ];

    private static PricedChain Price(string file, IvSource iv) =>
        ChainPricer.Price(ChainReader.Read(RepoPaths.Data(file)).Snapshot, EngineSettings.Default with { Iv = iv });

    [Theory]
    [MemberData(nameof(Files))]
    public void Auto_CallAndPutAtOneStrike_ShareOneIv(string file)
    {
        var chain = Price(file, IvSource.Auto);
        var byStrike = new Dictionary<(int, double), double>();
        var pairs = 0;
        for (var j = 0; j < chain.Count; j++)
        {
            var key = (chain.ExpiryIndexColumn[j], chain.StrikeColumn[j]);
            if (byStrike.TryGetValue(key, out var other)) { Assert.Equal(other, chain.VolColumn[j]); pairs++; }
            else
            {
                byStrike[key] = chain.VolColumn[j];
            }
        }
        Assert.True(pairs > 100, $"{pairs} call/put pairs");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Auto_NoOpenInterestContractDropsOutForWantOfIv(string file)
    {
        var chain = Price(file, IvSource.Auto);
        Assert.False(chain.Excluded.ContainsKey(Exclusion.NoIv), $"noIv {chain.Excluded.GetValueOrDefault(Exclusion.NoIv)}");
        // Every contract with open interest in a live expiry is priced, so it is in DEX.
        var snap = chain.Snapshot;
        var expired = chain.Excluded.GetValueOrDefault(Exclusion.Expired);
        var withOi = 0;
        for (var i = 0; i < snap.Count; i++) if (snap.OpenInterest[i] > 0) withOi++;
        Assert.InRange(chain.Count, withOi - expired, withOi);
    }

    [Fact]
    public void Vendor_Spx20240105_KeepsThePerContractBehaviour()
    {
        // --iv vendor is the behaviour before issue 9: 14,980 vendor IVs, 15 from their own mid, 371 contracts without IV.
        var chain = Price("spx_quotedata_2024-01-05.csv", IvSource.Vendor);
        Assert.Equal(14980, chain.IvFromVendor);
        Assert.Equal(15, chain.IvSolved);
        Assert.Equal(371, chain.Excluded[Exclusion.NoIv]);
        var auto = Price("spx_quotedata_2024-01-05.csv", IvSource.Auto);
        Assert.Equal(616, auto.IvFromVendor);
        Assert.Equal(14319, auto.IvSolved);
        Assert.Equal(39, auto.IvFromOtherSide);
        Assert.Equal(431, auto.IvInterpolated);
        _ = OptionType.Call;
    }
}
