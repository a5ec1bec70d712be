using System.Text;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

public sealed class NumTests
{
    [Theory]
    [InlineData("4697.2402", 4697.2402)]
    [InlineData("-0.8058", -0.8058)]
    [InlineData(" 12 ", 12.0)]
    [InlineData("1,234", 1234.0)]
    [InlineData("89,468,957", 89468957.0)]
    [InlineData("-1,234.5", -1234.5)]
    [InlineData("1.0000000000000003e-05", 1.0000000000000003e-05)]
    [InlineData("692.1199951171875", 692.1199951171875)]
    [InlineData("0.1", 0.1)]
    [InlineData("+3", 3.0)]
    public void Parse_Numbers_ExactDouble(string text, double expected)
    {
        Assert.Equal(NumStatus.Ok, Num.Parse(Encoding.ASCII.GetBytes(text), out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData("   ", "Empty")]
    [InlineData("abc", "Invalid")]
    [InlineData("1,23", "Invalid")]
    [InlineData("1,5", "Invalid")]
    [InlineData("12,3456", "Invalid")]
    [InlineData("1.2.3", "Invalid")]
    [InlineData("NaN", "NotFinite")]
    [InlineData("Infinity", "NotFinite")]
    public void Parse_NotANumber_StatusAndNaN(string text, string expected)
    {
        Assert.Equal(expected, Num.Parse(Encoding.ASCII.GetBytes(text), out var v).ToString());
        Assert.True(double.IsNaN(v));
    }

    [Fact]
    public void Parse_ManyDecimals_MatchesDoubleParse()
    {
        var rng = new Random(42);
        for (var i = 0; i < 20000; i++)
        {
            var text = (rng.NextDouble() * Math.Pow(10, rng.Next(-4, 9))).ToString("F" + rng.Next(0, 8), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(NumStatus.Ok, Num.Parse(Encoding.ASCII.GetBytes(text), out var v));
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), v);
        }
    }
}
