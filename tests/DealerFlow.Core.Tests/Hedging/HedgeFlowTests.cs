using DealerFlow.Core.Exposure;
using DealerFlow.Core.Hedging;

namespace DealerFlow.Core.Tests.Hedging;

public class HedgeFlowTests
{
    private static readonly PricedChain Long = SyntheticChains.Calls(100, SyntheticChains.Strikes(90, 110, 1), 1000, 0.2, PositioningModel.Classic);
    private static readonly PricedChain Short = SyntheticChains.Calls(100, SyntheticChains.Strikes(90, 110, 1), 1000, 0.2, PositioningModel.ShortAll);

    [Fact]
    public void Compute_LongGammaDealersRally_SellIntoTheRally()
    {
        var flow = HedgeFlows.Compute(Long, 101, "+1%");
        Assert.True(flow.Shares < 0, $"long-gamma dealers must sell into a rally, got {flow.Shares} shares");
        Assert.True(flow.Dollars < 0);
        Assert.Equal("sell into the rally", flow.Direction);
        Assert.True(flow.Dampening);
        var down = HedgeFlows.Compute(Long, 99, "-1%");
        Assert.True(down.Shares > 0);
        Assert.Equal("buy into the decline", down.Direction);
    }

    [Fact]
    public void Compute_ShortGammaDealersRally_BuyIntoTheRally()
    {
        var flow = HedgeFlows.Compute(Short, 101, "+1%");
        Assert.True(flow.Shares > 0, $"short-gamma dealers must buy into a rally, got {flow.Shares} shares");
        Assert.Equal("buy into the rally", flow.Direction);
        Assert.False(flow.Dampening);
        Assert.Equal("sell into the decline", HedgeFlows.Compute(Short, 99, "-1%").Direction);
    }

    [Fact]
    public void Compute_Flow_EqualsMinusChangeOfDeltaProfile_AndExpiriesSumToTotal()
    {
        var chain = SyntheticChains.Calls(100, SyntheticChains.Strikes(80, 120, 2.5), 500, 0.25, PositioningModel.Classic,
            new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 19), new DateOnly(2024, 3, 15));
        var flow = HedgeFlows.Compute(chain, 97.3, "x");
        var expected = -(DeltaProfile.Net(chain, 97.3) - DeltaProfile.Net(chain, 100));
        Assert.Equal(expected, flow.Shares, 1e-6 * Math.Abs(expected));
        Assert.Equal(3, flow.ByExpiry.Count);
        Assert.Equal(flow.Shares, flow.ByExpiry.Sum(e => e.Shares), 1e-6 * Math.Abs(expected));
        Assert.Equal(flow.Dollars, flow.ByExpiry.Sum(e => e.Dollars), 1e-6 * Math.Abs(flow.Dollars));
        // $ lies between shares x the two end prices.
        Assert.InRange(flow.Dollars / flow.Shares, 97.3, 100);
    }

    [Theory]
    [InlineData(95.0)]
    [InlineData(100.0)]
    [InlineData(104.5)]
    public void DeltaProfile_CentralDifference_MatchesGammaSweep(double spot)
    {
        var chain = SyntheticChains.Calls(100, SyntheticChains.Strikes(80, 120, 2.5), 500, 0.25, PositioningModel.Classic,
            new DateOnly(2024, 1, 8), new DateOnly(2024, 2, 16));
        const double h = 1e-3;
        var fd = (DeltaProfile.Net(chain, spot + h) - DeltaProfile.Net(chain, spot - h)) / (2 * h);
        var gamma = GammaSweep.NetShares(chain, spot);
        Assert.Equal(gamma, fd, 1e-5 * Math.Abs(gamma));
        // A small move trades -gamma x dS shares.
        var flow = HedgeFlows.Compute(chain, spot, spot + 0.01, "tiny");
        Assert.Equal(-gamma * 0.01, flow.Shares, 1e-3 * Math.Abs(gamma * 0.01));
    }

    [Fact]
    public void Compute_NoMove_IsZeroAndNone()
    {
        var flow = HedgeFlows.Compute(Long, 100, "spot");
        Assert.Equal(0, flow.Shares);
        Assert.Equal("none", flow.Direction);
    }
}
