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
}
