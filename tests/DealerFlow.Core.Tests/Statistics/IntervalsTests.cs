using DealerFlow.Core.Statistics;

namespace DealerFlow.Core.Tests.Statistics;

public class IntervalsTests
{
    // Wilson score bounds computed by hand (z = 1.959963984540054): 7/100 -> [0.034319, 0.137495] (the textbook
    // example's published bounds are 0.0343 and 0.1375); 0/10 -> [0, 0.277533]; 10/10 -> [0.722467, 1].
    [Theory]
    [InlineData(7, 100, 0.07, 0.03431926106727268, 0.137495147390735)]
    [InlineData(0, 10, 0.0, 0.0, 0.2775327998628892)]
    [InlineData(10, 10, 1.0, 0.7224672001371107, 1.0)]
    public void Proportion_IsTheWilsonScoreInterval(int hits, int n, double p, double low, double high)
    {
        var e = Intervals.Proportion(hits, n);
        Assert.Equal(p, e.Value, 1e-15);
        Assert.Equal(n, e.N);
        Assert.Equal(low, e.Low, 1e-12);
        Assert.Equal(high, e.High, 1e-12);
    }

    [Fact]
    public void Proportion_NoDraws_IsNone_AndBadCountsThrow()
    {
        Assert.Equal(0, Intervals.Proportion(0, 0).N);
        Assert.True(double.IsNaN(Intervals.Proportion(0, 0).Value));
        Assert.Throws<ArgumentOutOfRangeException>(() => Intervals.Proportion(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Intervals.Proportion(-1, 2));
    }

    [Fact]
    public void Mean_IsMeanPlusMinusZTimesStandardError()
    {
        // 1..5: mean 3, s = sqrt(2.5), half-width 1.96 x s / sqrt(5) = 1.385904.
        var e = Intervals.Mean([1, 2, 3, 4, 5]);
        Assert.Equal(3, e.Value, 1e-15);
        Assert.Equal(3 - 1.3859038243496777, e.Low, 1e-12);
        Assert.Equal(3 + 1.3859038243496777, e.High, 1e-12);
        var one = Intervals.Mean([4.2]);
        Assert.Equal(4.2, one.Value);
        Assert.True(double.IsNaN(one.Low) && double.IsNaN(one.High));
        Assert.False(one.Contains(4.2));
    }

    [Fact]
    public void PairedDifference_RemovesTheSharedNoise()
    {
        // b = a + 0.01 exactly: separate intervals overlap almost entirely, the paired one is [-0.01, -0.01].
        double[] a = [0.10, 0.30, 0.20, 0.50, 0.40];
        var b = a.Select(x => x + 0.01).ToArray();
        var d = Intervals.PairedDifference(a, b);
        Assert.Equal(-0.01, d.Value, 1e-15);
        Assert.Equal(-0.01, d.Low, 1e-15);
        Assert.Equal(-0.01, d.High, 1e-15);
        Assert.False(d.Contains(0));
        Assert.True(Intervals.Mean(a).Contains(Intervals.Mean(b).Value));
        Assert.Throws<ArgumentException>(() => Intervals.PairedDifference(a, [1.0]));
    }
}
