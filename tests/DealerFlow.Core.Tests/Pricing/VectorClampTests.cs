using System.Runtime.Intrinsics;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Pricing;

public class VectorClampTests
{
    [Fact]
    public void AtLeastAtMost_ClampAndKeepNaN_AtBothWidths()
    {
        var x = Vector512.Create(-800.0, -700, -3, 0, 5, 701, double.NaN, double.NegativeInfinity);
        var floor = Vector512.Create(-700.0);
        var ceiling = Vector512.Create(700.0);
        var low = VectorClamp.AtLeast(x, floor);
        var high = VectorClamp.AtMost(x, ceiling);
        var low256 = Vector512.Create(VectorClamp.AtLeast(x.GetLower(), floor.GetLower()), VectorClamp.AtLeast(x.GetUpper(), floor.GetUpper()));
        var high256 = Vector512.Create(VectorClamp.AtMost(x.GetLower(), ceiling.GetLower()), VectorClamp.AtMost(x.GetUpper(), ceiling.GetUpper()));
        for (var lane = 0; lane < 8; lane++)
        {
            var v = x[lane];
            // NaN in the clamped value stays NaN (as Math.Max and Math.Min give it); everything else is the plain clamp.
            var expectedLow = double.IsNaN(v) ? double.NaN : Math.Max(v, -700);
            var expectedHigh = double.IsNaN(v) ? double.NaN : Math.Min(v, 700);
            Assert.Equal(expectedLow, low[lane]);
            Assert.Equal(expectedLow, low256[lane]);
            Assert.Equal(expectedHigh, high[lane]);
            Assert.Equal(expectedHigh, high256[lane]);
        }
    }
}
