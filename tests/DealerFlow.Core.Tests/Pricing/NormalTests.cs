using DealerFlow.Core.Pricing;
using MathNet.Numerics;

namespace DealerFlow.Core.Tests.Pricing;

public class NormalTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.841344746068542948585232545632)]
    [InlineData(-1.0, 0.158655253931457051414767454368)]
    [InlineData(1.96, 0.975002104851779500328500271297)]
    [InlineData(-5.0, 2.86651571879193911673752333371e-7)]
    [InlineData(-10.0, 7.61985302416052606597334325145e-24)]
    [InlineData(-20.0, 2.75362411860623074e-89)]
    [InlineData(-30.0, 4.90671392714818e-198)]
    public void Cdf_KnownValues_MatchToFullPrecision(double x, double expected)
    {
        var actual = Normal.Cdf(x);
        Assert.True(Math.Abs(actual - expected) <= 2e-15 * expected + 1e-300, $"N({x}) = {actual:R}, expected {expected:R}");
    }

    [Fact]
    public void Cdf_AgainstMathNetErfc_RelativeErrorBelow2e14()
    {
        // MathNet evaluates erfc(-x / sqrt 2): the rounding of that argument alone costs it about
        // x^2 x 1.1e-16 of relative accuracy, so the comparison stops at |x| = 8.
        var worst = 0.0;
        for (var x = -8.0; x <= 8.0; x += 0.0137)
        {
            var expected = 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));
            if (expected < 1e-300) continue;
            var rel = Math.Abs(Normal.Cdf(x) - expected) / expected;
            worst = Math.Max(worst, rel);
        }
        Assert.True(worst < 2e-14, $"worst relative error {worst:E3}");
    }

    [Fact]
    public void Cdf_Symmetry_SumsToOne()
    {
        for (var x = -8.0; x <= 8.0; x += 0.01)
            Assert.Equal(1.0, Normal.Cdf(x) + Normal.Cdf(-x), 15);
    }

    [Fact]
    public void Cdf_NaN_IsNaN() => Assert.True(double.IsNaN(Normal.Cdf(double.NaN)));
}
