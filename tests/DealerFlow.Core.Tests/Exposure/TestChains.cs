using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Data.Readers;

namespace DealerFlow.Core.Tests.Exposure;

/// <summary>The real SPX chain of tests/data and synthetic chains, priced once per test run.</summary>
internal static class TestChains
{
    /// <summary>The real chains of tests/data.</summary>
    public static string DataDirectory => RepoPaths.TestData;

    private static readonly Lazy<PricedChain> LazySpx = new(() =>
    {
        var path = Path.Combine(DataDirectory, "spx_quotedata_2024-01-05.csv");
        Assert.True(File.Exists(path), $"The SPX sample chain is missing: {path}");
        return ChainPricer.Price(ChainReader.Read(path).Snapshot, EngineSettings.Default);
    });

    public static PricedChain Spx => LazySpx.Value;

    private static readonly Lazy<PricedChain> LazySpxVendorIv = new(() =>
        ChainPricer.Price(ChainReader.Read(Path.Combine(DataDirectory, "spx_quotedata_2024-01-05.csv")).Snapshot, EngineSettings.Default with { Iv = IvSource.Vendor }));

    /// <summary>The SPX sample with each contract's own vendor IV (<see cref="IvSource.Vendor"/>): every contract's vol carries information in its own price.</summary>
    public static PricedChain SpxVendorIv => LazySpxVendorIv.Value;

    public static PricedChain Synthetic(int contracts, int seed, double spot = 4700) =>
        ChainPricer.Price(SyntheticChain.Generate(new SyntheticChainOptions { Contracts = contracts, Seed = seed, Spot = spot }), EngineSettings.Default);

    /// <summary>sum_i |position_i x gamma_i(S)| in shares per $1: the scale a summation-order difference is measured against.</summary>
    public static double AbsScale(PricedChain chain, double spot)
    {
        var lnS = Math.Log(spot / chain.Spot);
        var sum = 0.0;
        for (var i = 0; i < chain.Count; i++)
        {
            var d = chain.SweepA[i] * lnS + chain.SweepC[i];
            sum += chain.SweepWAbs[i] * Math.Exp(-0.5 * d * d);
        }
        return sum / spot;
    }
}
