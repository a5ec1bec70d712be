using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Pricing;

public class ImpliedVolTests
{
    [Fact]
    public void TrySolve_RoundTripOverGrid_Within1e10()
    {
        var solved = 0;
        foreach (var type in new[] { OptionType.Call, OptionType.Put })
        foreach (var m in new[] { 0.5, 0.7, 0.9, 0.97, 1.0, 1.03, 1.1, 1.3, 2.0 })
        foreach (var t in new[] { 1.0 / 365 / 24, 1.0 / 365, 7.0 / 365, 0.25, 1, 5 })
        foreach (var v in new[] { 0.03, 0.1, 0.2, 0.5, 1.0, 3.0 })
        {
            const double s = 100;
            var k = s * m;
            var price = BlackScholes.Price(new OptionInputs(type, s, k, t, 0.04, 0.02, v));
            var vega = BlackScholes.Greeks(new OptionInputs(type, s, k, t, 0.04, 0.02, v)).Vega;
            // The price carries information about vol at 1e-10 only when a 1e-10 vol change moves
            // the price by more than its rounding error (about 1e-16 of the price and of the spot).
            if (vega * 1e-10 < 1e-13 * Math.Max(price, 1e-3 * s) || price < 1e-12 * s) continue;
            Assert.True(ImpliedVol.TrySolve(type, price, s, k, t, 0.04, 0.02, out var iv), $"{type} K={k} T={t} v={v}");
            Assert.True(Math.Abs(iv - v) < 1e-10, $"{type} K={k} T={t} v={v}: got {iv:R}");
            solved++;
        }
        Assert.True(solved > 400, $"only {solved} cases carried information");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(4.0)]    // below intrinsic of a call with S 105, K 100
    [InlineData(106.0)]  // above the spot: no volatility gives it
    public void TrySolve_PriceWithoutSolution_ReturnsFalseAndNaN(double price)
    {
        Assert.False(ImpliedVol.TrySolve(OptionType.Call, price, 105, 100, 0.5, 0, 0, out var iv));
        Assert.True(double.IsNaN(iv));
    }

    [Fact]
    public void Solve_NoSolution_Throws() =>
        Assert.Throws<ArgumentException>(() => ImpliedVol.Solve(OptionType.Put, 0.0, 100, 100, 1, 0, 0));

    [Fact]
    public void Solve_HaugCall_RecoversThirtyPercent()
    {
        Assert.Equal(0.30, ImpliedVol.Solve(OptionType.Call, 2.133372, 60, 65, 0.25, 0.08, 0.08), 5);
    }
}
